import Foundation
import Networking
import Testing
import TestSupport

/// The test server itself: large uploads, scripted order, closing without an answer, clean stops.
@Suite("LoopbackHTTPServer")
struct LoopbackHTTPServerTests {
    let transport = HTTPTransport.live(maxResponseBytes: 4 << 20)

    @Test("a 300 kB binary upload arrives whole")
    func largeUpload() async throws {
        var generator = SplitMix64(seed: 11)
        let payload = Data((0 ..< 300_000).map { _ in UInt8.random(in: 0 ... 255, using: &generator) })
        try await LoopbackHTTPServer.withServer({ request in .text("\(request.body.count)") }) { server in
            let response = try await transport.send(HTTPRequest(url: server.baseURL, method: "PUT", body: payload, timeout: .seconds(10)))
            #expect(String(decoding: response.body, as: UTF8.self) == "300000")
            #expect(server.requests.first?.body == payload)
        }
    }

    @Test("Expect: 100-continue is answered before the body; chunked request bodies are de-chunked")
    func continueAndChunked() async throws {
        try await LoopbackHTTPServer.withServer({ request in .text("got \(request.bodyText)") }) { server in
            let client = try RawSocketClient(port: server.port)
            defer { client.close() }
            client.send("POST /upload?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
            #expect(client.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 100 Continue"))
            client.send("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n")
            let reply = client.read(until: "got hello, world")
            #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(reply.contains("Content-Length: 16\r\n") && reply.contains("Connection: close\r\n"))
            let recorded = try #require(server.requests.first)
            #expect(recorded.path == "/upload?x=1" && recorded.bodyText == "hello, world")
        }
    }

    @Test("sequence answers in order and repeats the last; requests are indexed in arrival order")
    func sequenceOrder() async throws {
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([.text("a"), .text("b")])) { server in
            var bodies: [String] = []
            for path in ["/1", "/2", "/3"] {
                let response = try await transport.send(HTTPRequest(url: server.baseURL.appendingPathComponent(path)))
                bodies.append(String(decoding: response.body, as: UTF8.self))
            }
            #expect(bodies == ["a", "b", "b"])
            #expect(server.requests.map(\.path) == ["/1", "/2", "/3"])
            #expect(server.requests.map(\.index) == [0, 1, 2])
            #expect(server.requests.allSatisfy { $0.method == "GET" })
        }
    }

    @Test("closing without an answer is a connection fault")
    func closeWithoutResponse() async throws {
        try await LoopbackHTTPServer.withServer({ _ in ScriptedResponse(fault: .closeWithoutResponse) }) { server in
            let error = await #expect(throws: NetworkError.self) { try await transport.send(HTTPRequest(url: server.baseURL)) }
            #expect(error?.kind == .connection)
        }
    }

    @Test("stop returns promptly while an answer is still delayed, and the port is closed afterwards")
    func stopCutsDelays() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in ScriptedResponse(delay: .seconds(30)) })
        let url = server.baseURL
        let pending = Task { try await transport.send(HTTPRequest(url: url, timeout: .seconds(20))) }
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let started = ContinuousClock.now
        await server.stopAsync()
        #expect(ContinuousClock.now - started < .seconds(2))
        await #expect(throws: NetworkError.self) { try await pending.value }
        await #expect(throws: NetworkError.self) { try await transport.send(HTTPRequest(url: url, timeout: .seconds(2))) }
        server.stop()
    }
}
