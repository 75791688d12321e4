import Foundation

/// Little-endian IEEE-754 `Float32` values as bytes: the one codec every file of vectors uses
/// (`embeddings.f32`, `.npy` payloads, index files), so the modules that read and write them stay
/// pointer-free.
///
/// On a little-endian host encoding and decoding are single memory copies; on a big-endian host each
/// value's bytes are swapped.
public enum Float32Bytes {
    /// The bytes of `values`, four per value, little-endian.
    public static func encode(_ values: [Float]) -> Data {
        #if _endian(big)
        let values = values.map { Float(bitPattern: $0.bitPattern.littleEndian) }
        #endif
        return values.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    /// The bytes of one value, little-endian.
    public static func encode(_ value: UInt32) -> Data {
        withUnsafeBytes(of: value.littleEndian) { Data($0) }
    }

    /// `count` values decoded from `bytes`, starting `byteOffset` bytes in.
    /// - Precondition: `bytes` holds at least `byteOffset + 4 · count` bytes (a programmer error otherwise).
    public static func decode(_ bytes: Data, byteOffset: Int = 0, count: Int) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        copy(bytes, byteOffset: byteOffset, count: count, into: &values, at: 0)
        return values
    }

    /// Copies all of `bytes` (a whole number of values) into `values`, starting at element `index`.
    /// - Precondition: `bytes.count` is a multiple of 4 and fits in `values` from `index`.
    public static func copy(_ bytes: Data, into values: inout [Float], at index: Int) {
        precondition(bytes.count % 4 == 0, "\(bytes.count) bytes is not a whole number of Float32 values")
        copy(bytes, byteOffset: 0, count: bytes.count / 4, into: &values, at: index)
    }

    /// Copies `count` values from `bytes`, starting `byteOffset` bytes in, into `values` at element `index`.
    private static func copy(_ bytes: Data, byteOffset: Int, count: Int, into values: inout [Float], at index: Int) {
        precondition(byteOffset >= 0 && bytes.count - byteOffset >= count * 4, "\(bytes.count) bytes cannot hold \(count) values at offset \(byteOffset)")
        precondition(index >= 0 && index + count <= values.count, "\(count) values do not fit at element \(index) of \(values.count)")
        guard count > 0 else { return }
        values.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                let start = source.index(source.startIndex, offsetBy: byteOffset)
                UnsafeMutableRawBufferPointer(rebasing: target[(index * 4)...]).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[start ..< start + count * 4]))
            }
        }
        #if _endian(big)
        for position in index ..< index + count { values[position] = Float(bitPattern: UInt32(littleEndian: values[position].bitPattern)) }
        #endif
    }

    /// A 32-bit little-endian unsigned integer read from `bytes` at `byteOffset`.
    /// - Returns: nil when fewer than four bytes follow `byteOffset`.
    public static func word(_ bytes: Data, at byteOffset: Int) -> UInt32? {
        guard byteOffset >= 0, bytes.count - byteOffset >= 4 else { return nil }
        let start = bytes.index(bytes.startIndex, offsetBy: byteOffset)
        return (0 ..< 4).reduce(UInt32(0)) { value, shift in value | UInt32(bytes[start + shift]) << (8 * UInt32(shift)) }
    }
}
