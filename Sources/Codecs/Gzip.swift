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
        var failure: CodecError?
        // zlib keeps a pointer back to its z_stream, so the stream lives at one fixed address.
        let output = withUnsafeTemporaryAllocation(of: z_stream.self, capacity: 1) { streams -> [UInt8] in
            guard let stream = streams.baseAddress else { return [] }
            stream.initialize(to: z_stream())
            guard personabank_deflate_init(stream, level, gzipWindowBits) == Z_OK else {
                failure = CodecError(.libraryFailure, codec: name, "deflateInit2 failed")
                return []
            }
            defer { deflateEnd(stream) }
            let bound = Int(deflateBound(stream, uLong(input.count)))
            return input.withUnsafeBytes { source in
                [UInt8](unsafeUninitializedCapacity: bound) { target, count in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                    stream.pointee.avail_in = uInt(source.count)
                    stream.pointee.next_out = target.baseAddress
                    stream.pointee.avail_out = uInt(target.count)
                    let status = deflate(stream, Z_FINISH)
                    count = status == Z_STREAM_END ? target.count - Int(stream.pointee.avail_out) : 0
                    if status != Z_STREAM_END { failure = CodecError(.libraryFailure, codec: name, "deflate returned \(status)") }
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                }
            }
        }
        if let failure { throw failure }
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
        var failure: CodecError?
        let output = withUnsafeTemporaryAllocation(of: z_stream.self, capacity: 1) { streams -> [UInt8] in
            guard let stream = streams.baseAddress else { return [] }
            stream.initialize(to: z_stream())
            guard personabank_inflate_init(stream, autoDetectWindowBits) == Z_OK else {
                failure = CodecError(.libraryFailure, codec: name, "inflateInit2 failed")
                return []
            }
            defer { inflateEnd(stream) }
            return input.withUnsafeBytes { source in
                [UInt8](unsafeUninitializedCapacity: expectedSize + 1) { target, count in
                    failure = inflateAll(stream, source: source, target: target, produced: &count)
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                }
            }
        }
        if let failure { throw failure }
        guard output.count == expectedSize else {
            let amount = output.count > expectedSize ? "more than \(expectedSize)" : "\(output.count)"
            throw CodecError(.sizeMismatch, codec: name, "the stream expanded to \(amount) bytes, the container declares \(expectedSize)")
        }
        return output
    }

    /// Inflates every member of `source` into `target`, counting the bytes produced.
    private static func inflateAll(_ stream: UnsafeMutablePointer<z_stream>, source: UnsafeRawBufferPointer,
                                   target: UnsafeMutableBufferPointer<UInt8>, produced: inout Int) -> CodecError? {
        let input = source.bindMemory(to: Bytef.self)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = uInt(input.count)
        stream.pointee.next_out = target.baseAddress
        stream.pointee.avail_out = uInt(target.count)
        while true {
            let status = inflate(stream, Z_NO_FLUSH)
            produced = target.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                // Another member may follow; trailing zero padding is ignored.
                guard stream.pointee.avail_in > 0, stream.pointee.avail_out > 0, stream.pointee.next_in.pointee != 0 else { return nil }
                guard inflateReset(stream) == Z_OK else { return CodecError(.libraryFailure, codec: name, "inflateReset failed") }
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.pointee.avail_out == 0:
                return nil
            case Z_BUF_ERROR:
                return CodecError(.corruptInput, codec: name, "the stream is truncated after \(produced) bytes")
            case Z_MEM_ERROR:
                return CodecError(.libraryFailure, codec: name, "zlib ran out of memory")
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                return CodecError(.corruptInput, codec: name, message)
            }
        }
    }
}
