import CZlib

/// Gzip streams through zlib (RFC 1952; zlib-wrapped RFC 1950 input is accepted too).
public enum Gzip {
    private static let name = "gzip"

    /// zlib's window bits for gzip output (15-bit window + 16).
    private static let gzipWindowBits: Int32 = 15 + 16
    /// zlib's window bits that detect a gzip or zlib header on input (15-bit window + 32).
    private static let autoDetectWindowBits: Int32 = 15 + 32

    /// Compresses `input` into one gzip member.
    ///
    /// - Parameters:
    ///   - input: The bytes to compress.
    ///   - level: The deflate level (1 fastest … 9 smallest; 6 is zlib's default).
    /// - Returns: The gzip stream.
    /// - Throws: ``CodecError`` when the library fails or the input exceeds zlib's 4 GiB API.
    /// - Complexity: O(n).
    public static func compress(_ input: ArraySlice<UInt8>, level: Int32 = 6) throws(CodecError) -> [UInt8] {
        guard input.count < Int(UInt32.max) else { throw CodecError(.libraryFailure, codec: name, "input of \(input.count) bytes is too large") }
        // zlib keeps a pointer back to its z_stream, so the stream lives in the C helpers (CZlib's shim.h).
        var bound: UInt = 0
        guard personabank_gzip_bound(UInt(input.count), level, gzipWindowBits, &bound) == Z_OK else {
            throw CodecError(.libraryFailure, codec: name, "deflateInit2 failed")
        }
        // C takes the bytes as an array (no pointer in Swift): shares the storage when the slice spans its array, else one copy.
        let source = Array(input)
        let capacity = Int(bound)
        var output = [UInt8](repeating: 0, count: capacity)
        var status: Int32 = Z_OK
        var written = 0
        guard personabank_gzip_compress(source, source.count, &output, capacity, level, gzipWindowBits, &status, &written) == Z_OK else {
            throw CodecError(.libraryFailure, codec: name, "deflateInit2 failed")
        }
        guard status == Z_STREAM_END else { throw CodecError(.libraryFailure, codec: name, "deflate returned \(status)") }
        output.removeLast(capacity - written)
        return output
    }

    /// Decompresses gzip members (or a zlib stream) that must expand to exactly `expectedSize` bytes.
    ///
    /// Concatenated members are joined, as gzip readers do. The output buffer is allocated once
    /// with `expectedSize + 1` bytes, so a stream that runs longer is caught without growing it.
    ///
    /// - Parameters:
    ///   - input: The compressed stream.
    ///   - expectedSize: The decompressed size the container declares.
    ///   - limit: The largest output accepted.
    /// - Returns: The decompressed bytes.
    /// - Throws: ``CodecError`` for a size above `limit`, a stream of another size, or corrupt input.
    /// - Complexity: O(n) in the output size.
    public static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int, limit: Int = OutputLimit.defaultLimit) throws(CodecError) -> [UInt8] {
        try OutputLimit.check(expectedSize, limit: limit, codec: name)
        guard input.count < Int(UInt32.max), expectedSize < Int(UInt32.max) else {
            throw CodecError(.libraryFailure, codec: name, "a stream of \(input.count) bytes is too large for zlib")
        }
        let source = Array(input)
        let capacity = expectedSize + 1
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        var status: Int32 = Z_OK
        var message = [UInt8](repeating: 0, count: 256)
        let messageCapacity = message.count
        let outcome = personabank_gunzip(source, source.count, &output, capacity, autoDetectWindowBits, &produced, &status,
                                         &message, messageCapacity)
        switch outcome {
        case PERSONABANK_GUNZIP_OK:
            break
        case PERSONABANK_GUNZIP_INIT_FAILED:
            throw CodecError(.libraryFailure, codec: name, "inflateInit2 failed")
        case PERSONABANK_GUNZIP_RESET_FAILED:
            throw CodecError(.libraryFailure, codec: name, "inflateReset failed")
        case PERSONABANK_GUNZIP_TRUNCATED:
            throw CodecError(.corruptInput, codec: name, "the stream is truncated after \(produced) bytes")
        case PERSONABANK_GUNZIP_NO_MEMORY:
            throw CodecError(.libraryFailure, codec: name, "zlib ran out of memory")
        default:
            let text = String(decoding: message.prefix { $0 != 0 }, as: UTF8.self)
            throw CodecError(.corruptInput, codec: name, text.isEmpty ? "status \(status)" : text)
        }
        output.removeLast(capacity - produced)
        guard output.count == expectedSize else {
            let amount = output.count > expectedSize ? "more than \(expectedSize)" : "\(output.count)"
            throw CodecError(.sizeMismatch, codec: name, "the stream expanded to \(amount) bytes, the container declares \(expectedSize)")
        }
        return output
    }
}
