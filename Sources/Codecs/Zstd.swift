import CZstd

/// Zstandard compression (one or more frames, as Parquet stores them).
public enum Zstd {
    private static let name = "zstd"

    /// The compression level the writer uses when none is given (zstd's own default).
    public static let defaultLevel: Int32 = 3

    /// Compresses `input` into one Zstandard frame that records its content size.
    ///
    /// - Parameters:
    ///   - input: The bytes to compress.
    ///   - level: The compression level (1 fastest … 19 smallest).
    /// - Returns: The frame.
    /// - Throws: ``CodecError`` when the library fails.
    /// - Complexity: O(n).
    public static func compress(_ input: ArraySlice<UInt8>, level: Int32 = defaultLevel) throws(CodecError) -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        guard ZSTD_isError(bound) == 0 else {
            throw CodecError(.libraryFailure, codec: name, "input of \(input.count) bytes is too large")
        }
        // C takes the bytes as an array (no pointer in Swift): shares the storage when the slice spans its array, else one copy.
        let source = Array(input)
        var output = [UInt8](repeating: 0, count: bound)
        let result = ZSTD_compress(&output, bound, source, source.count, level)
        output.removeLast(ZSTD_isError(result) == 0 ? bound - result : bound)
        guard ZSTD_isError(result) == 0 else { throw CodecError(.libraryFailure, codec: name, errorName(result)) }
        return output
    }

    /// Decompresses Zstandard frames that must expand to exactly `expectedSize` bytes.
    ///
    /// A frame header that records a different content size is rejected before the output is allocated.
    ///
    /// - Parameters:
    ///   - input: The compressed frames.
    ///   - expectedSize: The decompressed size the container declares.
    ///   - limit: The largest output accepted.
    /// - Returns: The decompressed bytes.
    /// - Throws: ``CodecError`` for a size above `limit`, a stream of another size, or corrupt input.
    /// - Complexity: O(n) in the output size.
    public static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int, limit: Int = OutputLimit.defaultLimit) throws(CodecError) -> [UInt8] {
        try OutputLimit.check(expectedSize, limit: limit, codec: name)
        let source = Array(input)
        let declared = ZSTD_getFrameContentSize(source, source.count)
        if declared == ZSTD_CONTENTSIZE_ERROR {
            throw CodecError(.corruptInput, codec: name, "no valid frame header")
        }
        if declared != ZSTD_CONTENTSIZE_UNKNOWN, declared > UInt64(expectedSize) {
            throw CodecError(.sizeMismatch, codec: name, "the frame declares \(declared) bytes, the container \(expectedSize)")
        }
        var output = [UInt8](repeating: 0, count: expectedSize)
        let result = ZSTD_decompress(&output, expectedSize, source, source.count)
        output.removeLast(ZSTD_isError(result) == 0 ? expectedSize - min(result, expectedSize) : expectedSize)
        guard ZSTD_isError(result) == 0 else {
            let code: CodecError.Code = ZSTD_getErrorCode(result) == ZSTD_error_dstSize_tooSmall ? .sizeMismatch : .corruptInput
            throw CodecError(code, codec: name, "\(errorName(result)) (container declares \(expectedSize) bytes)")
        }
        guard output.count == expectedSize else {
            throw CodecError(.sizeMismatch, codec: name, "the frames expanded to \(output.count) bytes, the container declares \(expectedSize)")
        }
        return output
    }

    private static func errorName(_ result: Int) -> String {
        guard let name = ZSTD_getErrorName(result) else { return "error \(result)" }
        return String(cString: name)
    }
}
