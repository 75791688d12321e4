import Foundation
import PersonaKit
import Testing
import TestSupport

/// Every persona and text format, fuzzed: each malformed variant either reads or throws an
/// ``InputError`` naming the file (and the line when the fault is in one record); skip mode
/// never throws for a bad record and accounts for every record. A trap would end the test run.
@Suite("Bad input: persona and text datasets")
struct DatasetFuzzTests {
    static let formats: [(name: String, file: String, format: InputFormat, text: String)] = [
        ("JSONL", "personas.jsonl", .personaJSONL, Samples.personasJSONL),
        ("JSON array", "personas.json", .personaJSONArray, Samples.personasJSONArray),
        ("text", "texts.txt", .plainText, Samples.plainText),
        ("CSV", "texts.csv", .csv(column: "description"), Samples.csv),
    ]

    @Test("Malformed variants of every format throw InputError naming the file, or read", arguments: 0 ..< 4)
    func fuzzedVariants(formatIndex: Int) throws {
        let (name, file, format, text) = Self.formats[formatIndex]
        let scratch = try ScratchDirectory("dataset-\(formatIndex)")
        defer { scratch.remove() }
        let original = try scratch.write(file, text)
        let clean = try readAll(original, format: format, mode: .strict)
        #expect(clean.records > 0, "\(name): the well-formed sample reads")

        let mutations = Mutations.of(Data(text.utf8), seed: 0xF0221 + UInt64(formatIndex))
        var failures = 0
        for mutation in mutations {
            let url = try scratch.write("m-\(file)", mutation.bytes)
            do {
                _ = try readAll(url, format: format, mode: .strict)
            } catch let error as InputError {
                failures += 1
                #expect(error.file.hasSuffix("m-\(file)"), "\(name) / \(mutation): error names the file: \(error)")
                #expect(!error.message.isEmpty)
                if let line = error.line { #expect(line >= 1 && line <= text.count + 2, "\(name) / \(mutation): line \(line) in range") }
            } catch {
                Issue.record("\(name) / \(mutation): not an InputError: \(type(of: error)) \(error)")
            }
            do {
                let summary = try readAll(url, format: format, mode: .skip)
                #expect(summary.skipped.count == summary.skippedCount)
                for skipped in summary.skipped {
                    #expect(skipped.file.hasSuffix("m-\(file)"))
                    #expect(skipped.line != nil, "\(name) / \(mutation): a skipped record names its line: \(skipped)")
                }
            } catch let error as InputError {
                // Whole-file problems (a JSON array that never opens, a CSV without the column) throw in skip mode too.
                #expect(error.file.hasSuffix("m-\(file)"), "\(name) / \(mutation): \(error)")
            }
        }
        #expect(failures > mutations.count / 4, "\(name): most malformed variants are refused (\(failures)/\(mutations.count))")
    }

    @Test("Specific JSONL faults name line and field")
    func jsonlFaultsNameLineAndField() throws {
        let scratch = try ScratchDirectory("jsonl-fields")
        defer { scratch.remove() }
        let good = Samples.personaObjects[0]
        let cases: [(label: String, line2: String, field: String?)] = [
            ("missing age", good.replacingOccurrences(of: #""age":34,"#, with: ""), "age"),
            ("age as a string", good.replacingOccurrences(of: #""age":34"#, with: #""age":"34""#), "age"),
            ("age out of range", good.replacingOccurrences(of: #""age":34"#, with: #""age":140"#), "age"),
            ("traits not an array", good.replacingOccurrences(of: #"["patient","curious","wry"]"#, with: #""patient""#), "traits"),
            ("a trait that is a number", good.replacingOccurrences(of: #""wry""#, with: "7"), "traits"),
            ("too few traits", good.replacingOccurrences(of: #"["patient","curious","wry"]"#, with: #"["patient"]"#), "traits"),
            ("background too long", good.replacingOccurrences(of: "restores bicycles.", with: String(repeating: "very long ", count: 40)), "background"),
            ("chatting_style null", good.replacingOccurrences(of: #""short replies, lots of questions""#, with: "null"), "chatting_style"),
            ("age NaN literal", good.replacingOccurrences(of: #""age":34"#, with: #""age":NaN"#), nil),
            ("age 1e400", good.replacingOccurrences(of: #""age":34"#, with: #""age":1e400"#), nil),
            ("not an object", "[1, 2, 3]", nil),
            ("cut object", String(good.prefix(40)), nil),
        ]
        for (label, line2, field) in cases {
            let url = try scratch.write("p.jsonl", Samples.personaObjects[1] + "\n" + line2 + "\n" + Samples.personaObjects[2] + "\n")
            do {
                _ = try readAll(url, format: .personaJSONL, mode: .strict)
                Issue.record("\(label): accepted")
            } catch let error as InputError {
                #expect(error.line == 2, "\(label): \(error)")
                #expect(error.file.hasSuffix("p.jsonl"), "\(label): \(error)")
                if let field { #expect(error.field?.hasPrefix(field) == true || error.description.contains(field), "\(label): \(error)") }
            }
            let summary = try readAll(url, format: .personaJSONL, mode: .skip)
            #expect(summary.records == 2 && summary.skippedCount == 1, "\(label): skip mode keeps the two good lines")
        }
    }

    @Test("Invalid UTF-8 and an over-long line are reported at their line")
    func encodingAndLength() throws {
        let scratch = try ScratchDirectory("utf8")
        defer { scratch.remove() }
        var bytes = Data((Samples.personaObjects[0] + "\n").utf8)
        bytes.append(Data([0x7B, 0xFF, 0xFE, 0x7D, 0x0A]))
        bytes.append(Data(String(repeating: "y", count: 3 << 20).utf8) + Data("\n".utf8))
        bytes.append(Data((Samples.personaObjects[1] + "\n").utf8))
        let url = try scratch.write("bad.jsonl", bytes)
        #expect(throws: InputError.self) { _ = try readAll(url, format: .personaJSONL, mode: .strict) }
        let summary = try readAll(url, format: .personaJSONL, mode: .skip)
        #expect(summary.records == 2)
        #expect(summary.skipped.map(\.line) == [2, 3], "\(summary.skipped)")
    }

    private func readAll(_ url: URL, format: InputFormat, mode: ErrorMode) throws -> ReadSummary {
        try DatasetReader(url: url, format: format, mode: mode).read { record in
            #expect(!record.text.isEmpty || record.persona == nil)
        }
    }
}
