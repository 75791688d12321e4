import Foundation

/// A parsed request head.
struct RequestHead {
    var method: String
    var path: String
    var headers: [String: String]
    var expectsContinue: Bool { headers["expect"]?.lowercased() == "100-continue" }
}

/// Reads one HTTP/1.1 request from a blocking socket, polling so that a stopping server is noticed.
final class SocketReader {
    private let socket: Int32
    private let shouldStop: () -> Bool
    private var buffer = Data()
    private let deadline = ContinuousClock.now + .seconds(30)
    private static let maxHead = 64 << 10
    private static let maxBody = 64 << 20

    init(socket: Int32, shouldStop: @escaping () -> Bool) {
        self.socket = socket
        self.shouldStop = shouldStop
    }

    /// Reads and parses the request line and headers; nil when the peer closes or sends garbage.
    func readRequest() -> RequestHead? {
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            guard buffer.count <= Self.maxHead, fill() else { return nil }
        }
        guard let end = buffer.range(of: separator) else { return nil }
        let headText = String(decoding: buffer[buffer.startIndex ..< end.lowerBound], as: UTF8.self)
        buffer = Data(buffer[end.upperBound...])
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return RequestHead(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers)
    }

    /// Reads the body announced by `head` (`Content-Length` or chunked); nil when the peer goes away.
    func readBody(for head: RequestHead) -> Data? {
        if head.headers["transfer-encoding"]?.lowercased().contains("chunked") == true { return readChunked() }
        let length = Int(head.headers["content-length"] ?? "0") ?? 0
        guard length >= 0, length <= Self.maxBody else { return nil }
        return readExactly(length)
    }

    private func readChunked() -> Data? {
        var body = Data()
        while true {
            guard let sizeLine = readLine(), let size = Int(sizeLine.split(separator: ";")[0].trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            if size == 0 {
                while let trailer = readLine(), !trailer.isEmpty {}
                return body
            }
            guard body.count + size <= Self.maxBody, let chunk = readExactly(size), readLine() != nil else { return nil }
            body.append(chunk)
        }
    }

    private func readLine() -> String? {
        let newline = Data("\r\n".utf8)
        while buffer.range(of: newline) == nil {
            guard buffer.count <= Self.maxHead, fill() else { return nil }
        }
        guard let end = buffer.range(of: newline) else { return nil }
        let line = String(decoding: buffer[buffer.startIndex ..< end.lowerBound], as: UTF8.self)
        buffer = Data(buffer[end.upperBound...])
        return line
    }

    private func readExactly(_ count: Int) -> Data? {
        while buffer.count < count {
            guard fill() else { return nil }
        }
        let result = Data(buffer.prefix(count))
        buffer = Data(buffer.dropFirst(count))
        return result
    }

    /// Appends available bytes; false at end of stream, on error, when stopping, or past the deadline.
    private func fill() -> Bool {
        while !shouldStop(), ContinuousClock.now < deadline {
            guard Sockets.waitReadable(socket, milliseconds: 20) else { continue }
            guard let chunk = Sockets.read(socket, maximum: 64 << 10), !chunk.isEmpty else { return false }
            buffer.append(chunk)
            return true
        }
        return false
    }
}

/// Writes a ``ScriptedResponse`` (with its fault) to a socket.
struct ResponseWriter {
    let socket: Int32

    func write(_ response: ScriptedResponse) {
        switch response.fault {
        case .none:
            writeHead(response, contentLength: response.body.count)
            Sockets.writeAll(socket, response.body)
        case .resetMidBody:
            writeHead(response, contentLength: response.body.count)
            Sockets.writeAll(socket, Data(response.body.prefix(response.body.count / 2)))
            Thread.sleep(forTimeInterval: 0.02)
            Sockets.armReset(socket)
        case let .truncatedBody(declaredLength):
            writeHead(response, contentLength: max(declaredLength, response.body.count + 1))
            Sockets.writeAll(socket, response.body)
            Sockets.shutdownWrite(socket)
        case let .hugeBody(bytes, announceLength):
            writeHead(response, contentLength: announceLength ? bytes : nil)
            let chunk = Data(repeating: UInt8(ascii: "x"), count: 64 << 10)
            var sent = 0
            while sent < bytes {
                let piece = min(chunk.count, bytes - sent)
                guard Sockets.writeAll(socket, piece == chunk.count ? chunk : Data(chunk.prefix(piece))) else { return }
                sent += piece
            }
            Sockets.shutdownWrite(socket)
        case .closeWithoutResponse:
            return
        }
    }

    private func writeHead(_ response: ScriptedResponse, contentLength: Int?) {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key })
        where !["content-length", "connection"].contains(name.lowercased()) {
            head += "\(name): \(value)\r\n"
        }
        if let contentLength { head += "Content-Length: \(contentLength)\r\n" }
        head += "Connection: close\r\n\r\n"
        Sockets.writeAll(socket, Data(head.utf8))
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
