import Analysis
import Foundation
import PersonaKit
import Publishing
import Testing

/// The records a split writes are the input's own lines, also when the ids are the records' own
/// (`--id-field`) and the text comes from a template over any fields (`--text-template`).
@Suite("Split input: records found again by line")
struct SplitInputTests {
    @Test("JSONL records with their own ids and a text template: each split record is its original line")
    func templatedRecordsKeepTheirLines() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("split-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Integer ids that are not line numbers, a blank line and a bad record, so lines, ids and indices all differ.
        let lines = [#"{"key": 30, "job": "tram driver", "hobbies": ["chess", "choir"]}"#, "",
                     #"{"job": "no key here"}"#,
                     #"{"key": 1, "job": "luthier", "hobbies": ["kayaking"]}"#]
        let url = directory.appendingPathComponent("records.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        var options = AuditDataset.ReadOptions(mode: .skip)
        options.textTemplate = try RecordTemplate("A {job}; hobbies: {hobbies}.")
        options.idField = "key"
        let input = try SplitInput.read(url, options: options)
        #expect(input.dataset.ids == ["30", "1"])
        #expect(input.dataset.texts == ["A tram driver; hobbies: chess, choir.", "A luthier; hobbies: kayaking."])
        #expect(input.records == [lines[0], lines[3]])
    }
}
