import Foundation
import PersonaKit
import RunFormat
import Testing
import TestSupport

/// A run file that does not decode is bad input naming the file, the line and the field, never a trap
/// and never a line silently skipped.
@Suite("Run format: malformed records name file, line and field")
struct RunRecordCodingTests {
    /// The error reading `lines` as `events.jsonl`.
    static func eventsError(_ lines: [String]) throws -> InputError? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(RunFiles.events)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        do {
            try RunRecordCoding.forEach(AttemptEvent.self, in: url) { _, _ in }
            return nil
        } catch let error as InputError {
            #expect(error.file == url.relativePath)
            return error
        }
    }

    @Test("events.jsonl: a missing key, a wrong type, a nested field and text that is not JSON")
    func events() throws {
        let good = #"{"attempt":1,"decision":"accepted","faults":[],"references":[]}"#
        #expect(try Self.eventsError([good, "", good]) == nil, "blank lines are skipped")
        let missing = try #require(try Self.eventsError([good, #"{"attempt":2,"faults":[],"references":[]}"#]))
        #expect(missing.line == 2 && missing.field == "decision" && missing.message == "missing")
        let type = try #require(try Self.eventsError([#"{"attempt":"two","decision":"accepted","faults":[],"references":[]}"#]))
        #expect(type.line == 1 && type.field == "attempt" && type.message == "expected a number")
        let nested = try #require(try Self.eventsError([#"{"attempt":1,"decision":"accepted","faults":[],"references":[],"steering":{"banned":"x"}}"#]))
        #expect(nested.field == "steering.banned" && nested.message == "expected an array")
        let element = try #require(try Self.eventsError([#"{"attempt":1,"decision":"accepted","faults":[3],"references":[]}"#]))
        #expect(element.field == "faults[0]" && element.message == "expected a string")
        let source = try #require(try Self.eventsError([#"{"attempt":1,"decision":"accepted","faults":[],"references":[],"reference_source":"elsewhere"}"#]))
        #expect(source.field == "reference_source")
        let text = try #require(try Self.eventsError([good, #"{"attempt":2,"deci"#]))
        #expect(text.line == 2 && text.field == nil && text.message == "not valid JSON")
        let array = try #require(try Self.eventsError(["[1, 2]"]))
        #expect(array.line == 1 && array.message == "expected an object")
    }

    @Test("manifest.json: a missing setting names its path under config")
    func manifest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try RunFixture.writeManifest(in: folder)
        let url = folder.appendingPathComponent(RunFiles.manifest)
        var manifest = try JSONValue.parse(Array(try Data(contentsOf: url)))
        guard case var .object(fields) = manifest, case var .object(config)? = fields["config"] else { Issue.record("no config"); return }
        config["model"] = nil
        fields["config"] = .object(config)
        manifest = .object(fields)
        try manifest.jsonText.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: InputError(file: url.relativePath, line: nil, field: "config.model", message: "missing")) {
            try RunManifest<RunSettings>.read(directory: folder)
        }
        try Data("{ not json".utf8).write(to: url)
        #expect(throws: InputError(file: url.relativePath, line: nil, field: nil, message: "not valid JSON")) {
            try RunManifest<RunSettings>.readIfPresent(directory: folder)
        }
        try FileManager.default.removeItem(at: url)
        #expect(try RunManifest<RunSettings>.readIfPresent(directory: folder) == nil)
    }
}
