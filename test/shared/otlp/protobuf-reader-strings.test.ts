// The reader decodes strings natively when the bytes are a Node Buffer and with a portable path
// otherwise; both must give the same text, including non-ASCII and invalid UTF-8.
import { describe, expect, it } from 'vitest';
import { decodeExportTraceRequest } from '../../../src/shared/otlp/protobuf-decode';
import { ProtobufReader } from '../../../src/shared/otlp/protobuf-reader';
import { protobufBody } from '../../support/otlp-bodies';
import { makeSdkSpans } from '../../support/sdk-spans';

function lengthDelimited(bytes: number[]): Uint8Array {
  return Uint8Array.from([bytes.length, ...bytes]);
}

describe('ProtobufReader strings', () => {
  const cases: [string, number[]][] = [
    ['ascii', [...Buffer.from('http.request.method')]],
    ['long ascii', [...Buffer.from('x'.repeat(100))]],
    ['multi-byte', [...Buffer.from('Grüße, 世界 🚀')]],
    ['invalid UTF-8', [0x61, 0xff, 0xfe, 0x62]],
    ['truncated sequence', [0x61, 0xe4, 0xb8]],
    ['empty', []],
  ];
  it.each(cases)('%s: Buffer and Uint8Array agree', (_name, bytes) => {
    const plain = lengthDelimited(bytes);
    const viaBuffer = new ProtobufReader(Buffer.from(plain)).string();
    const viaPlain = new ProtobufReader(plain).string();
    expect(viaBuffer).toBe(viaPlain);
    expect(viaPlain).toBe(new TextDecoder().decode(Uint8Array.from(bytes)));
  });

  it('decodes a whole SDK request the same from a Buffer and from a plain Uint8Array', () => {
    const body = protobufBody(makeSdkSpans('strings'));
    expect(decodeExportTraceRequest(body)).toEqual(decodeExportTraceRequest(new Uint8Array(body)));
  });
});
