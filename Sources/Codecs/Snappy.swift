import CSnappy

/// Snappy block compression (raw blocks, as Parquet stores them; no framing format).
public enum Snappy {
    private static let name = "snappy"

    /// Compresses `input` into one Snappy block.
    ///
    /// - Parameter input: The bytes to compress.
    /// - Returns: The compressed block.
    /// - Throws: ``CodecError`` when the library fails.
    /// - Complexity: O(n).
    public static func compress(_ input: ArraySlice<UInt8>) throws(CodecError) -> [UInt8] {
        let bound = snappy_max_compressed_length(input.count)
        // C takes the bytes as an array (no pointer in Swift): shares the storage when the slice spans its array, else one copy.
        let source = Array(input)
        var output = [UInt8](repeating: 0, count: bound)
        var length = bound
        let status = personabank_snappy_compress(source, source.count, &output, &length)
        output.removeLast(status == SNAPPY_OK ? bound - length : bound)
        guard status == SNAPPY_OK else { throw CodecError(.libraryFailure, codec: name, "snappy_compress returned \(status.rawValue)") }
        return output
    }

    /// Decompresses one Snappy block that must expand to exactly `expectedSize` bytes.
    ///
    /// The block's own length header is read and compared with `expectedSize` before the output is allocated.
    ///
    /// - Parameters:
    ///   - input: The compressed block.
    ///   - expectedSize: The decompressed size the container declares.
    ///   - limit: The largest output accepted.
    /// - Returns: The decompressed bytes.
    /// - Throws: ``CodecError`` for a size above `limit`, a header that disagrees with `expectedSize`, or a corrupt block.
    /// - Complexity: O(n) in the output size.
    public static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int, limit: Int = OutputLimit.defaultLimit) throws(CodecError) -> [UInt8] {
        try OutputLimit.check(expectedSize, limit: limit, codec: name)
        let source = Array(input)
        var declared = 0
        let headerStatus = personabank_snappy_uncompressed_length(source, source.count, &declared)
        guard headerStatus == SNAPPY_OK else { throw CodecError(.corruptInput, codec: name, "the block's length header is invalid") }
        guard declared == expectedSize else {
            throw CodecError(.sizeMismatch, codec: name, "the block declares \(declared) bytes, the container \(expectedSize)")
        }
        var output = [UInt8](repeating: 0, count: expectedSize)
        var length = expectedSize
        let status = personabank_snappy_uncompress(source, source.count, &output, &length)
        output.removeLast(status == SNAPPY_OK ? expectedSize - min(length, expectedSize) : expectedSize)
        guard status == SNAPPY_OK else { throw CodecError(.corruptInput, codec: name, "the block is corrupt (snappy_uncompress returned \(status.rawValue))") }
        guard output.count == expectedSize else {
            throw CodecError(.sizeMismatch, codec: name, "the block expanded to \(output.count) bytes, the container declares \(expectedSize)")
        }
        return output
    }
}
