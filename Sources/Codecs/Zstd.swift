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
        var result = 0
        let output = input.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: bound) { target, count in
                result = ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, level)
                count = ZSTD_isError(result) == 0 ? result : 0
            }
        }
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
        let declared = input.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        if declared == ZSTD_CONTENTSIZE_ERROR {
            throw CodecError(.corruptInput, codec: name, "no valid frame header")
        }
        if declared != ZSTD_CONTENTSIZE_UNKNOWN, declared > UInt64(expectedSize) {
            throw CodecError(.sizeMismatch, codec: name, "the frame declares \(declared) bytes, the container \(expectedSize)")
        }
        var result = 0
        let output = input.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: expectedSize) { target, count in
                result = ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
                count = ZSTD_isError(result) == 0 ? min(result, expectedSize) : 0
            }
        }
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
