// Runs a bench script in a child Node process and collects the JSON lines it prints.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./register-raw-loader.mjs', import.meta.url));

export function runScript<T>(script: string, argument: object, onLine: (line: T) => void = () => {}): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REGISTER, '--import', 'tsx', script, JSON.stringify(argument)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: T[] = [];
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, end)) as T;
        buffer = buffer.slice(end + 1);
        lines.push(line);
        onLine(line);
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`${script} exited with ${code}`))));
  });
}
