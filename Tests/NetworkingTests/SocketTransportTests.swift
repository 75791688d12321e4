import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Networking
import Testing
import TestSupport

/// What only the socket transport does, and what waiting on a slow server costs each transport.
@Suite("HTTPTransport.sockets specifics and CPU while waiting", .serialized)
struct SocketTransportTests {
    @Test("a chunked response body is decoded (and wins over a Content-Length)")
    func chunkedBody() async throws {
        let chunked = Data("5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n".utf8)
        try await LoopbackHTTPServer.withServer({ _ in
            ScriptedResponse(headers: ["Transfer-Encoding": "chunked", "X-Kind": "chunks"], body: chunked)
        }) { server in
            let response = try await HTTPTransport.sockets().send(HTTPRequest(url: server.baseURL.appendingPathComponent("c"), timeout: .seconds(10)))
            #expect(response.status == 200 && response.header("x-kind") == "chunks")
            #expect(String(decoding: response.body, as: UTF8.self) == "hello world")
        }
    }

    @Test("a chunked body past the cap fails as tooLarge before the chunk is read")
    func chunkedTooLarge() async throws {
        let chunked = Data("100000\r\n".utf8) + Data(repeating: UInt8(ascii: "y"), count: 0x100000) + Data("\r\n0\r\n\r\n".utf8)
        try await LoopbackHTTPServer.withServer({ _ in
            ScriptedResponse(headers: ["Transfer-Encoding": "chunked"], body: chunked)
        }) { server in
            let error = await #expect(throws: NetworkError.self) {
                try await HTTPTransport.sockets(maxResponseBytes: 1000).send(HTTPRequest(url: server.baseURL, timeout: .seconds(10)))
            }
            #expect(error?.kind == .tooLarge && error?.detail.contains("1000-byte cap") == true)
        }
    }

    @Test("query strings reach the server; the request carries Host, Content-Length and Connection: close")
    func requestHead() async throws {
        try await LoopbackHTTPServer.withServer({ _ in .text("ok") }) { server in
            let url = try #require(URL(string: "\(server.baseURL.absoluteString)/v1/models?limit=2&q=a%20b"))
            let request = HTTPRequest(url: url, method: "PUT", headers: ["Connection": "keep-alive", "X-A": "1"], body: Data("abc".utf8), timeout: .seconds(10))
            _ = try await HTTPTransport.sockets().send(request)
            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "PUT" && recorded.path == "/v1/models?limit=2&q=a%20b")
            #expect(recorded.header("host") == "127.0.0.1:\(server.port)")
            #expect(recorded.header("content-length") == "3" && recorded.header("connection") == "close")
            #expect(recorded.header("x-a") == "1" && recorded.bodyText == "abc")
        }
    }

    @Test("closing without any response is a connection fault")
    func closedWithoutResponse() async throws {
        try await LoopbackHTTPServer.withServer({ _ in ScriptedResponse(fault: .closeWithoutResponse) }) { server in
            let error = await #expect(throws: NetworkError.self) {
                try await HTTPTransport.sockets().send(HTTPRequest(url: server.baseURL, timeout: .seconds(10)))
            }
            #expect(error?.kind == .connection)
        }
    }

    @Test("https:// is refused by the socket transport (live sends it to URLSession)")
    func httpsRefused() async throws {
        let error = await #expect(throws: NetworkError.self) {
            try await HTTPTransport.sockets().send(HTTPRequest(url: try #require(URL(string: "https://127.0.0.1:9/v1")), timeout: .seconds(2)))
        }
        #expect(error?.kind == .connection && error?.detail.contains("http://") == true)
    }

    /// Process CPU seconds (user + system) spent while waiting 2 s for a delayed response.
    func cpuWhileWaiting(_ transport: HTTPTransport) async throws -> Double {
        try await LoopbackHTTPServer.withServer({ _ in ScriptedResponse(body: Data("late".utf8), delay: .seconds(2)) }) { server in
            let before = Self.processCPUSeconds()
            let response = try await transport.send(HTTPRequest(url: server.baseURL, timeout: .seconds(20)))
            let used = Self.processCPUSeconds() - before
            #expect(String(decoding: response.body, as: UTF8.self) == "late")
            return used
        }
    }

    @Test("waiting 2 s for a slow server costs the socket transport < 0.3 CPU-seconds (URLSession's cost is printed)",
          arguments: TransportUnderTest.allCases)
    func cpuWhileWaiting(_ kind: TransportUnderTest) async throws {
        let used = try await cpuWhileWaiting(kind.make())
        print("CPU while waiting 2 s for a response, \(kind): \(String(format: "%.3f", used)) s")
        if kind == .sockets { #expect(used < 0.3, "\(used) CPU-seconds") }
    }

    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
