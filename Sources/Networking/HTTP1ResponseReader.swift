#if canImport(Glibc)
import Foundation

/// Reads one HTTP/1.1 response from a ``SocketConnection``: status line, headers, and a body framed
/// by `Content-Length`, `Transfer-Encoding: chunked`, or the end of the stream.
///
/// The body never grows past `limit` bytes: an announced length above the cap fails before any
/// body byte is read, and streamed bodies fail within one read (64 KiB) past the cap.
struct HTTP1ResponseReader {
    private let connection: SocketConnection
    private let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var scratch = [UInt8](repeating: 0, count: 64 << 10)

    private static let maxHeadBytes = 64 << 10
    private static let maxLineBytes = 8 << 10

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - connection: The connected socket, request already sent.
    ///   - limit: The largest body accepted.
    init(connection: SocketConnection, limit: Int) {
        self.connection = connection
        self.limit = limit
    }

    /// Reads the final (non-1xx) response.
    ///
    /// - Parameter method: The request method (`HEAD` responses have no body).
    /// - Returns: The response, header names lower-cased.
    /// - Throws: ``SocketFailure``.
    mutating func readResponse(method: String) throws(SocketFailure) -> HTTPResponse {
        while true {
            let (status, headers) = try readHead()
            if (100 ..< 200).contains(status) { continue }
            let body = try readBody(status: status, headers: headers, method: method)
            return HTTPResponse(status: status, headers: headers, body: body)
        }
    }

    // MARK: Head

    private mutating func readHead() throws(SocketFailure) -> (Int, [String: String]) {
        let statusLine = try readLine(limit: Self.maxHeadBytes, context: "before the status line ended")
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1]) else {
            throw .connection("malformed status line: \(statusLine.prefix(200))")
        }
        var headers: [String: String] = [:]
        var headBytes = statusLine.utf8.count
        while true {
            let line = try readLine(limit: Self.maxLineBytes, context: "in the response headers")
            if line.isEmpty { return (status, headers) }
            headBytes += line.utf8.count + 2
            guard headBytes <= Self.maxHeadBytes else { throw .connection("response headers exceed \(Self.maxHeadBytes) bytes") }
            guard let colon = line.firstIndex(of: ":") else { throw .connection("malformed header line: \(line.prefix(200))") }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
    }

    // MARK: Body

    private mutating func readBody(status: Int, headers: [String: String], method: String) throws(SocketFailure) -> Data {
        if method.uppercased() == "HEAD" || status == 204 || status == 304 { return Data() }
        if let coding = headers["transfer-encoding"], coding.lowercased().contains("chunked") {
            return try readChunkedBody(status: status)
        }
        if let text = headers["content-length"] {
            guard let announced = Int(text.split(separator: ",")[0].trimmingCharacters(in: .whitespaces)), announced >= 0 else {
                throw .connection("malformed Content-Length: \(text.prefix(100))")
            }
            guard announced <= limit else {
                throw .tooLarge(status: status, detail: "response announces \(announced) bytes (Content-Length), more than the \(limit)-byte cap")
            }
            return try readAnnouncedBody(announced)
        }
        return try readBodyUntilClose(status: status)
    }

    private mutating func readAnnouncedBody(_ announced: Int) throws(SocketFailure) -> Data {
        var body = Data(capacity: announced)
        while body.count < announced {
            if start == buffer.count, try fill() == 0 {
                throw .connection("connection closed after \(body.count) of \(announced) announced body bytes")
            }
            let take = min(announced - body.count, buffer.count - start)
            body.append(contentsOf: buffer[start ..< start + take])
            start += take
        }
        return body
    }

    private mutating func readBodyUntilClose(status: Int) throws(SocketFailure) -> Data {
        var body = Data(buffer[start...])
        start = buffer.count
        while true {
            guard body.count <= limit else { throw tooLarge(status: status, received: body.count) }
            let count = try connection.receive(into: &scratch)
            if count == 0 { return body }
            body.append(contentsOf: scratch[0 ..< count])
        }
    }

    private mutating func readChunkedBody(status: Int) throws(SocketFailure) -> Data {
        var body = Data()
        while true {
            let sizeLine = try readLine(limit: Self.maxLineBytes, context: "in a chunk size line after \(body.count) body bytes")
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .connection("malformed chunk size: \(sizeLine.prefix(100))") }
            if size == 0 {
                while try !readLine(limit: Self.maxLineBytes, context: "in the chunked trailer").isEmpty {}
                return body
            }
            guard size <= limit - body.count else { throw tooLarge(status: status, received: body.count + size) }
            try readChunk(size, into: &body)
            guard try readLine(limit: 2, context: "after a chunk").isEmpty else { throw .connection("chunk not followed by CRLF") }
        }
    }

    private mutating func readChunk(_ size: Int, into body: inout Data) throws(SocketFailure) {
        var remaining = size
        while remaining > 0 {
            if start == buffer.count, try fill() == 0 {
                throw .connection("connection closed in the middle of a chunked body after \(body.count) bytes")
            }
            let take = min(remaining, buffer.count - start)
            body.append(contentsOf: buffer[start ..< start + take])
            start += take
            remaining -= take
        }
    }

    private func tooLarge(status: Int, received: Int) -> SocketFailure {
        .tooLarge(status: status, detail: "response body exceeds the \(limit)-byte cap (transfer cancelled after \(received) bytes)")
    }

    // MARK: Buffer

    /// Reads one CRLF-terminated line (without the CRLF); `limit` bounds its length.
    private mutating func readLine(limit: Int, context: String) throws(SocketFailure) -> String {
        var searched = 0 // bytes after `start` already searched (`fill` may move `start`)
        while true {
            if let end = Self.firstCRLF(in: buffer, from: start + max(0, searched - 1)) {
                let line = String(decoding: buffer[start ..< end], as: UTF8.self)
                start = end + 2
                return line
            }
            searched = buffer.count - start
            guard searched <= limit else { throw .connection("line longer than \(limit) bytes \(context)") }
            guard try fill() > 0 else { throw .connection("connection closed \(context)") }
        }
    }

    private static func firstCRLF(in bytes: [UInt8], from index: Int) -> Int? {
        var position = index
        while position + 1 < bytes.count {
            if bytes[position] == 13, bytes[position + 1] == 10 { return position }
            position += 1
        }
        return nil
    }

    /// Appends one read to the buffer (dropping consumed bytes first); returns the count, 0 at end of stream.
    private mutating func fill() throws(SocketFailure) -> Int {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let count = try connection.receive(into: &scratch)
        buffer.append(contentsOf: scratch[0 ..< count])
        return count
    }
}
#endif
