// `tracedeck serve`: the core plus the HTTP server for the query API and the UI, in plain Node.
import { TracedeckCore, type CoreOptions } from '../core/tracedeck-core';
import { ApiServer, DEFAULT_UI_PORT } from '../http/api-server';

export interface ServeOptions extends CoreOptions {
  uiPort?: number;
  rendererRoot: string | null;
}

export class HeadlessServer {
  private constructor(
    readonly core: TracedeckCore,
    readonly web: ApiServer,
  ) {}

  /** Starts everything or nothing: a port that cannot be bound stops the server with its one-line reason. */
  static async start(options: ServeOptions): Promise<HeadlessServer> {
    const core = await TracedeckCore.start(options);
    const failed = core.receiverStatus().find((r) => r.error !== null);
    if (failed) {
      await core.close();
      throw new Error(failed.error!);
    }
    const web = new ApiServer(core.api, core.files, {
      host: options.host ?? '127.0.0.1',
      port: options.uiPort ?? DEFAULT_UI_PORT,
      rendererRoot: options.rendererRoot,
    });
    try {
      await web.start();
    } catch (error) {
      await core.close();
      throw error;
    }
    return new HeadlessServer(core, web);
  }

  async close(): Promise<void> {
    await this.web.stop();
    await this.core.close();
  }
}
