import Foundation
import PersonaKit
import Testing

@Suite("Dataset reader: persona JSONL")
struct PersonaJSONLReaderTests {
    @Test("BOM, CRLF and blank lines are fine; line numbers count physical lines")
    func toleratedLayout() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("p.jsonl", bytes: [0xEF, 0xBB, 0xBF] + Array("\(Samples.mara)\r\n\r\n   \n\(Samples.odon)\r\n\n\(Samples.suki)".utf8))
        let (records, summary) = try Samples.readAll(url, .personaJSONL, .strict)
        #expect(records.map(\.line) == [1, 4, 6])
        #expect(records.map { $0.persona?.name } == ["Mara Quill", "Odon Réal", "Suki Tam"])
        #expect(records[0].text == PersonaTextTemplate.default.render(try #require(records[0].persona)))
        #expect(summary.records == 3 && summary.blankLines == 3 && summary.skipped.isEmpty)
    }

    @Test("invalid UTF-8 names file and line; skip mode goes on")
    func invalidUTF8() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bad: [UInt8] = Array(#"{"name":"Bad "#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let url = try dir.file("u.jsonl", bytes: Array("\(Samples.mara)\n".utf8) + bad + Array("\n\(Samples.suki)\n".utf8))
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .personaJSONL, .strict) })
        #expect(error.file.hasSuffix("u.jsonl") && error.line == 2)
        #expect(error.message == "invalid UTF-8 at byte 14 of the line")
        #expect(error.description.hasSuffix("u.jsonl:2: invalid UTF-8 at byte 14 of the line"))
        let (records, summary) = try Samples.readAll(url, .personaJSONL, .skip)
        #expect(records.map(\.line) == [1, 3])
        #expect(summary.skipped.map(\.line) == [2] && summary.skippedCount == 1)
    }

    @Test("a line over 1 MiB is an error with its line number, and reading resumes after it")
    func overlongLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let long = #"{"name":""# + String(repeating: "x", count: (1 << 20) + 10) + #""}"#
        let url = try dir.file("long.jsonl", "\(Samples.mara)\n\(long)\n\(Samples.suki)\n")
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .personaJSONL, .strict) })
        #expect(error.line == 2 && error.message.contains("longer than 1048576 bytes"))
        let (records, summary) = try Samples.readAll(url, .personaJSONL, .skip)
        #expect(records.map(\.line) == [1, 3] && summary.skipped.map(\.line) == [2])
    }

    @Test("wrong types and missing fields name file, line and field")
    func fieldErrors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let wrongAge = Samples.mara.replacingOccurrences(of: #""age":37"#, with: #""age":"forty""#)
        let noBackground = Samples.suki.replacingOccurrences(of: #""background":"#, with: #""bio":"#)
        let url = try dir.file("f.jsonl", "\(wrongAge)\n\(Samples.odon)\n\(noBackground)\n")
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .personaJSONL, .strict) })
        #expect(error.line == 1 && error.field == "age" && error.message == #"expected an integer, got string "forty""#)
        #expect(error.description.hasSuffix(#"f.jsonl:1: age: expected an integer, got string "forty""#))
        let (records, summary) = try Samples.readAll(url, .personaJSONL, .skip)
        #expect(records.map(\.line) == [2])
        #expect(summary.skipped.map(\.field) == ["age", "background"])
        #expect(summary.skipped.map(\.line) == [1, 3])
        #expect(summary.skipped[1].message == "missing field")
    }

    @Test("a cut-off last line is reported as truncated; an invalid middle line is not")
    func truncatedLastLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("t.jsonl", "\(Samples.mara)\n\(Samples.odon)\n" + Samples.suki.prefix(80))
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .personaJSONL, .strict) })
        #expect(error.line == 3 && error.message.contains("last line looks truncated"))
        let middle = try dir.file("m.jsonl", "\(Samples.mara)\n\(Samples.odon.prefix(50))\n\(Samples.suki)\n")
        let other = try #require(Samples.inputError { _ = try Samples.readAll(middle, .personaJSONL, .strict) })
        #expect(other.line == 2 && other.message.hasPrefix("invalid JSON at column 52"))
        // A complete last line without a newline is fine.
        let complete = try dir.file("c.jsonl", "\(Samples.mara)\n\(Samples.odon)")
        #expect(try Samples.readAll(complete, .personaJSONL, .strict).0.count == 2)
    }

    @Test("rule violations are bad records naming rule and field; nil rules accept them")
    func validation() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let old = Samples.odon.replacingOccurrences(of: #""age":64"#, with: #""age":80"#)
        let url = try dir.file("v.jsonl", "\(Samples.mara)\n\(old)\n")
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .personaJSONL, .strict) })
        #expect(error.line == 2 && error.field == "age" && error.message == "80 is outside 19-75 (age-range)")
        #expect(try Samples.readAll(url, .personaJSONL, .strict, rules: nil).0.count == 2)
    }

    @Test("skip mode keeps a bounded list of errors but counts them all")
    func boundedErrorList() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("junk.jsonl", String(repeating: "not json\n", count: 30) + Samples.mara + "\n")
        var reader = DatasetReader(url: url, format: .personaJSONL, mode: .skip)
        reader.maxRecordedErrors = 5
        var count = 0
        let summary = try reader.read { _ in count += 1 }
        #expect(count == 1 && summary.records == 1)
        #expect(summary.skipped.count == 5 && summary.skippedCount == 30)
    }

    @Test("an error thrown by the callback stops reading and comes out unchanged")
    func callbackErrors() throws {
        struct Stop: Error {}
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("p.jsonl", "\(Samples.mara)\n\(Samples.odon)\n")
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try DatasetReader(url: url, format: .personaJSONL, mode: .skip).read { _ in seen += 1; throw Stop() }
        }
        #expect(seen == 1)
    }

    @Test("a missing file is an input error naming the file")
    func missingFile() throws {
        let url = URL(fileURLWithPath: "/nonexistent/personas.jsonl")
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .personaJSONL, .skip) })
        #expect(error.file == "/nonexistent/personas.jsonl" && error.line == nil && error.message.contains("no such file"))
    }
}

@Suite("Dataset reader: persona JSON array")
struct PersonaJSONArrayReaderTests {
    @Test("streams pretty-printed elements; line = where each element starts")
    func prettyArray() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let pretty = Samples.odon.replacingOccurrences(of: ",\"", with: ",\n    \"")
        let text = "\u{FEFF}[\n  \(Samples.mara),\n  \(pretty) ,\n\n  \(Samples.suki.replacingOccurrences(of: "]", with: "\n]"))\n]\n"
        let url = try dir.file("a.json", text)
        let (records, summary) = try Samples.readAll(url, .personaJSONArray, .strict)
        #expect(records.map(\.line) == [2, 3, 13])
        #expect(records.map { $0.persona?.name } == ["Mara Quill", "Odon Réal", "Suki Tam"])
        #expect(summary.records == 3)
        #expect(try InputFormat.infer(from: url) == .personaJSONArray)
    }

    @Test("brackets and quotes inside strings do not confuse the scanner")
    func tricksInStrings() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let tricky = Samples.mara.replacingOccurrences(of: "kelp forests", with: #"kelp ]}, {[ \"forests\\"#)
        let url = try dir.file("s.json", "[\(tricky),\(Samples.suki)]")
        let (records, _) = try Samples.readAll(url, .personaJSONArray, .strict)
        #expect(records.count == 2)
        #expect(records[0].persona?.background.contains(#"kelp ]}, {[ "forests\"#) == true)
    }

    @Test("a truncated array names the line where the cut-off element starts")
    func truncatedArray() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("t.json", "[\n\(Samples.mara),\n\(Samples.odon),\n\(Samples.suki.prefix(60))")
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .personaJSONArray, .strict) })
        #expect(error.line == 4 && error.message.contains("truncated JSON array"))
        let (records, summary) = try Samples.readAll(url, .personaJSONArray, .skip)
        #expect(records.count == 2 && summary.skipped.map(\.line) == [4])
        let noClose = try dir.file("n.json", "[\n\(Samples.mara)\n")
        let missingBracket = try #require(Samples.inputError { _ = try Samples.readAll(noClose, .personaJSONArray, .strict) })
        #expect(missingBracket.message.contains("before the closing ']'"))
    }

    @Test("bad elements are skippable; junk between elements and non-arrays are errors")
    func badElements() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let wrongTraits = Samples.suki.replacingOccurrences(of: #"["restless","funny","competitive"]"#, with: #""restless""#)
        let url = try dir.file("b.json", "[\n\(Samples.mara),\n42,\n\(wrongTraits),\n{\"name\": tru}\n]")
        let (records, summary) = try Samples.readAll(url, .personaJSONArray, .skip)
        #expect(records.count == 1)
        #expect(summary.skipped.map(\.line) == [3, 4, 5])
        #expect(summary.skipped.map(\.field) == [nil, "traits", nil])
        #expect(summary.skipped[2].message == "invalid JSON at byte 10 of the element: unexpected character 't'")
        let junk = try dir.file("j.json", "[\(Samples.mara) x \(Samples.suki)]")
        #expect(Samples.inputError { _ = try Samples.readAll(junk, .personaJSONArray, .strict) }?.message.contains("expected ',' or ']'") == true)
        let object = try dir.file("o.json", "  \n" + Samples.mara)
        #expect(try InputFormat.infer(from: object) == .personaJSONL)
        let notArray = Samples.inputError { _ = try Samples.readAll(object, .personaJSONArray, .strict) }
        #expect(notArray?.line == 2 && notArray?.message.contains("expected a JSON array") == true)
    }
}

@Suite("Dataset reader: text, CSV and generic JSONL")
struct TextReaderTests {
    @Test("plain text: one record per non-blank line")
    func plainText() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("p.txt", "A lighthouse keeper who collects sea glass.\r\n\nA chess coach in a prison library.\n")
        let (records, summary) = try Samples.readAll(url, .plainText, .strict)
        #expect(records.map(\.text) == ["A lighthouse keeper who collects sea glass.", "A chess coach in a prison library."])
        #expect(records.map(\.line) == [1, 3] && records.allSatisfy { $0.persona == nil })
        #expect(summary.blankLines == 1)
    }

    @Test("CSV: quoted commas, doubled quotes, embedded newlines; line = the row's first line")
    func csvQuoting() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = "id,persona,notes\r\n1,\"I fix bikes, mostly.\nI hate rain.\",x\r\n2,plain text,\"say \"\"hi\"\"\"\n\n3,\"He said \"\"no\"\", twice\",\"multi\nline\nnote\"\n4,last,\"no newline\""
        let url = try dir.file("c.csv", text)
        let (records, summary) = try Samples.readAll(url, .csv(column: "persona"), .strict)
        #expect(records.map(\.text) == ["I fix bikes, mostly.\nI hate rain.", "plain text", #"He said "no", twice"#, "last"])
        #expect(records.map(\.line) == [2, 4, 6, 9])
        #expect(summary.records == 4)
        let notes = try Samples.readAll(url, .csv(column: "notes"), .strict).0
        #expect(notes.map(\.text) == ["x", #"say "hi""#, "multi\nline\nnote", "no newline"])
    }

    @Test("CSV: an unterminated quote names file, line and column")
    func csvUnterminatedQuote() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("q.csv", "a,b\n1,ok\n2,\"never closed\n3,more\n")
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .csv(column: "a"), .strict) })
        #expect(error.file.hasSuffix("q.csv") && error.line == 3 && error.field == "b")
        #expect(error.message.contains("unterminated quoted field starting at line 3"))
        let (records, summary) = try Samples.readAll(url, .csv(column: "a"), .skip)
        #expect(records.map(\.text) == ["1"] && summary.skippedCount == 1)
    }

    @Test("CSV: an unknown column fails in every mode; short rows are skippable")
    func csvColumns() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("s.csv", "a,b\n1,one\n2\n3,three\n")
        let error = try #require(Samples.inputError { _ = try Samples.readAll(url, .csv(column: "persona"), .skip) })
        #expect(error.line == 1 && error.field == "persona" && error.message.contains("columns are: a, b"))
        let (records, summary) = try Samples.readAll(url, .csv(column: "b"), .skip)
        #expect(records.map(\.text) == ["one", "three"])
        #expect(summary.skipped.first?.line == 3 && summary.skipped.first?.message == "row has 1 fields, the header has 2")
    }

    @Test("generic JSONL: the text field must be a non-empty string")
    func genericJSONL() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("g.jsonl", "{\"persona\":\"A beekeeper.\"}\n{\"persona\":3}\n{\"other\":\"x\"}\n{\"persona\":\" \"}\n")
        let (records, summary) = try Samples.readAll(url, .jsonl(textField: "persona"), .skip)
        #expect(records.map(\.text) == ["A beekeeper."])
        #expect(summary.skipped.map(\.message) == ["expected a string, got number 3", "missing field", "empty text"])
        #expect(summary.skipped.allSatisfy { $0.field == "persona" })
    }

    @Test("formats are inferred from the extension")
    func inference() throws {
        #expect(try InputFormat.infer(from: URL(fileURLWithPath: "x.jsonl")) == .personaJSONL)
        #expect(try InputFormat.infer(from: URL(fileURLWithPath: "x.JSONL"), field: "text") == .jsonl(textField: "text"))
        #expect(try InputFormat.infer(from: URL(fileURLWithPath: "/nonexistent/x.json")) == .personaJSONArray)
        #expect(try InputFormat.infer(from: URL(fileURLWithPath: "x.txt")) == .plainText)
        #expect(try InputFormat.infer(from: URL(fileURLWithPath: "x.csv"), field: "persona") == .csv(column: "persona"))
        #expect(throws: InputError.self) { try InputFormat.infer(from: URL(fileURLWithPath: "x.csv")) }
        #expect(throws: InputError.self) { try InputFormat.infer(from: URL(fileURLWithPath: "x.xlsx")) }
        #expect(InputFormat(name: "csv:persona") == .csv(column: "persona"))
        #expect(InputFormat(name: "jsonl") == .personaJSONL && InputFormat(name: "csv") == nil)
        #expect(InputFormat(name: InputFormat.jsonl(textField: "t").description) == .jsonl(textField: "t"))
    }
}

@Suite("Dataset reader: pulling records")
struct RecordIteratorTests {
    @Test("an iterator can be advanced from async code, and its summary matches read(_:)")
    func asyncPull() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("p.jsonl", "\(Samples.mara)\nnot json\n\n\(Samples.suki)\n")
        let reader = DatasetReader(url: url, format: .personaJSONL, mode: .skip)
        let records = try reader.makeIterator()
        var names: [String] = []
        while let record = try records.next() {
            await Task.yield()
            names.append(record.persona?.name ?? "")
        }
        #expect(names == ["Mara Quill", "Suki Tam"])
        #expect(try records.next() == nil)
        let summary = try reader.read { _ in }
        #expect(records.summary == summary)
        #expect(summary.records == 2 && summary.skippedCount == 1 && summary.blankLines == 1)
    }

    @Test("tiny read chunks split lines, BOMs and CSV rows anywhere without changing the result")
    func chunkBoundaries() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("p.jsonl", "\u{FEFF}\(Samples.mara)\r\n\n\(Samples.odon)\n\(Samples.suki)")
        for chunkSize in [1, 2, 3, 7, 64] {
            var lines: [LineReader.Line] = []
            try LineReader(url: url, chunkSize: chunkSize).forEachLine { lines.append(try $0.get()) }
            #expect(lines.map(\.number) == [1, 2, 3, 4])
            #expect(lines[0].text == Samples.mara && lines[1].text.isEmpty && lines[3].text == Samples.suki)
            #expect(lines.map(\.isTerminated) == [true, true, true, false])
        }
        let small = LineReader(url: url, maxLineBytes: 100, chunkSize: 16)
        var results: [Result<LineReader.Line, InputError>] = []
        try small.forEachLine { results.append($0) }
        #expect(results.map { (try? $0.get()) == nil } == [true, false, true, true])

        // U+FF01 starts with 0xEF like a byte-order mark; it must survive any chunking.
        let fullWidth = try dir.file("fw.csv", "\u{FF01}h,x\n\u{FF01}v,y\n")
        for chunkSize in [1, 2, 4] {
            var lines: [String] = []
            try LineReader(url: fullWidth, chunkSize: chunkSize).forEachLine { lines.append(try $0.get().text) }
            #expect(lines == ["\u{FF01}h,x", "\u{FF01}v,y"])
            var reader = DatasetReader(url: fullWidth, format: .csv(column: "\u{FF01}h"), mode: .strict)
            reader.chunkSize = chunkSize
            var cells: [String] = []
            _ = try reader.read { cells.append($0.text) }
            #expect(cells == ["\u{FF01}v"])
        }

        let csv = try dir.file("c.csv", "\u{FEFF}id,text\r\n1,\"a, \"\"b\"\"\nc\"\r\n2,d\n")
        let array = try dir.file("a.json", "\u{FEFF}[\n\(Samples.mara),\n\(Samples.odon)]")
        for chunkSize in [1, 2, 5, 64] {
            var csvReader = DatasetReader(url: csv, format: .csv(column: "text"), mode: .strict)
            csvReader.chunkSize = chunkSize
            var texts: [String] = []
            _ = try csvReader.read { texts.append($0.text) }
            #expect(texts == ["a, \"b\"\nc", "d"])
            var arrayReader = DatasetReader(url: array, format: .personaJSONArray, mode: .strict)
            arrayReader.chunkSize = chunkSize
            var lines: [Int] = []
            _ = try arrayReader.read { lines.append($0.line) }
            #expect(lines == [2, 3])
        }
    }
}

@Suite("Dataset reader: size limits")
struct SizeLimitTests {
    @Test("an oversized array element is skipped and the scan goes on")
    func oversizedElement() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("big.json", "[\(Samples.mara),\n\(Samples.odon),\n\(Samples.suki)]")
        var reader = DatasetReader(url: url, format: .personaJSONArray, mode: .skip)
        reader.maxRecordBytes = 290  // Mara's and Odon's objects are longer, Suki's shorter.
        var names: [String] = []
        let summary = try reader.read { names.append($0.persona?.name ?? "") }
        #expect(names == ["Suki Tam"])
        #expect(summary.skipped.map(\.line) == [1, 2] && summary.skipped.first?.message == "array element is longer than 290 bytes")
    }

    @Test("a CSV row over the limit inside an open quote hints at the unterminated quote")
    func oversizedCSVRow() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.file("q.csv", "a,b\n1,ok\n2,\"opened\n" + String(repeating: "filler line\n", count: 100))
        var reader = DatasetReader(url: url, format: .csv(column: "b"), mode: .strict)
        reader.maxRecordBytes = 256
        let error = try #require(Samples.inputError { _ = try reader.read { _ in } })
        #expect(error.line == 3 && error.field == "b")
        #expect(error.message == "row is longer than 256 bytes (an unterminated quote starting at line 3?)")
    }
}
