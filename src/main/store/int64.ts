// How the store keeps 64-bit unsigned OTLP values in SQLite's signed integers.

/** SQLite integers are signed 64-bit; OTLP times are unsigned. Stored as the same 64 bits. */
export function toInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}
