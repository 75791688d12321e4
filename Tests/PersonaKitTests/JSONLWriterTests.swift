import Foundation
import PersonaKit
import Testing

@Suite("Durable JSONL appender")
struct JSONLWriterTests {
    @Test("appends personas and lines; reopening appends after them")
    func appendAndReopen() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("out.jsonl")
        let writer = try JSONLWriter(url: url)
        try writer.append(try Persona(jsonText: Samples.mara))
        try writer.sync()
        try writer.close()
        #expect(throws: (any Error).self) { try writer.append("{}") }
        let again = try JSONLWriter(url: url)
        #expect(again.discardedTailBytes == 0)
        try again.append(Samples.suki)
        try again.close()
        let (records, _) = try Samples.readAll(url, .personaJSONL, .strict)
        #expect(records.map { $0.persona?.name } == ["Mara Quill", "Suki Tam"])
        let truncated = try JSONLWriter(url: url, truncate: true)
        try truncated.close()
        #expect(try Data(contentsOf: url).isEmpty)
    }

    @Test("a torn last line is removed on open; a complete one gets its newline")
    func tornTail() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let torn = try dir.file("torn.jsonl", "\(Samples.mara)\n\(Samples.odon.prefix(40))")
        let writer = try JSONLWriter(url: torn)
        #expect(writer.discardedTailBytes == Samples.odon.prefix(40).utf8.count)
        try writer.append(Samples.suki)
        try writer.close()
        #expect(try Samples.readAll(torn, .personaJSONL, .strict).0.map(\.line) == [1, 2])
        let complete = try dir.file("complete.jsonl", "\(Samples.mara)\n\(Samples.odon)")
        let other = try JSONLWriter(url: complete)
        #expect(other.discardedTailBytes == 0)
        try other.append(Samples.suki)
        try other.close()
        #expect(try Samples.readAll(complete, .personaJSONL, .strict).0.count == 3)
    }

    @Test("concurrent appends never interleave within a line")
    func concurrentAppends() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("c.jsonl")
        let writer = try JSONLWriter(url: url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<50 { try writer.append(#"{"task":\#(task),"index":\#(index),"pad":"\#(String(repeating: "z", count: 500))"}"#) }
                }
            }
            try await group.waitForAll()
        }
        try writer.close()
        let (records, summary) = try Samples.readAll(url, .jsonl(textField: "pad"), .strict)
        #expect(records.count == 200 && summary.skippedCount == 0)
    }
}
