import Foundation
import PersonaKit

/// The two personas of a persona-pair record.
public struct PersonaPair: Sendable, Equatable {
    /// The first persona.
    public let first: Persona
    /// The second persona.
    public let second: Persona
}

/// One text pair with its binary class.
public struct LabelledPair: Sendable, Equatable {
    /// 1-based line where the record starts.
    public let line: Int
    /// First text.
    public let first: String
    /// Second text.
    public let second: String
    /// Whether the pair counts as a duplicate.
    public let isDuplicate: Bool
    /// The personas, when the two sides are personas (their texts are then the template's rendering).
    public let personas: PersonaPair?
    /// The pair's kind (the spec's ``PairFileSpec/kindColumn``), when the record has one.
    public let kind: String?

    /// Creates a pair.
    public init(line: Int, first: String, second: String, isDuplicate: Bool, personas: PersonaPair? = nil, kind: String? = nil) {
        self.line = line
        self.first = first
        self.second = second
        self.isDuplicate = isDuplicate
        self.personas = personas
        self.kind = kind
    }
}

/// A pair whose label the rule left out (a middle score, an E tier), kept for reporting.
public struct DroppedPair: Sendable, Equatable {
    /// 1-based line where the record starts.
    public let line: Int
    /// First text.
    public let first: String
    /// Second text.
    public let second: String
    /// Why it was dropped: the category value, or "score between X and Y".
    public let group: String
    /// The personas, when the two sides are personas.
    public let personas: PersonaPair?

    /// Creates a dropped pair.
    public init(line: Int, first: String, second: String, group: String, personas: PersonaPair? = nil) {
        self.line = line
        self.first = first
        self.second = second
        self.group = group
        self.personas = personas
    }
}

/// The pairs of one labelled file, after binarisation.
public struct PairSet: Sendable {
    /// Short name (the file name without directories).
    public let name: String
    /// How the file was read.
    public let spec: PairFileSpec
    /// Pairs with a class.
    public let pairs: [LabelledPair]
    /// Pairs the rule left out.
    public let dropped: [DroppedPair]

    /// Number of duplicate pairs.
    public var positives: Int { pairs.filter(\.isDuplicate).count }
    /// Number of non-duplicate pairs.
    public var negatives: Int { pairs.count - positives }
    /// Whether every pair, labelled or dropped, has its two personas (what the field-aware score needs).
    public var hasPersonas: Bool {
        !pairs.isEmpty && pairs.allSatisfy { $0.personas != nil } && dropped.allSatisfy { $0.personas != nil }
    }

    /// Dropped pairs counted by group, largest first.
    public var droppedCounts: [(group: String, count: Int)] {
        Dictionary(grouping: dropped, by: \.group).map { ($0.key, $0.value.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.group < $1.group }
    }

    /// What the reader did, in words: the rule and what it dropped.
    public var notes: [String] {
        var notes = ["\(spec.presetName.map { "\($0) preset: " } ?? "")\(spec.ruleDescription)"]
        for (group, count) in droppedCounts {
            notes.append("\(count) pair\(count == 1 ? "" : "s") dropped (\(group))")
        }
        return notes
    }
}

/// Reads labelled-pair files (TSV, CSV, JSONL) into a ``PairSet``.
public enum PairFileReader {
    /// Largest file read (256 MiB).
    public static let maximumFileSize = 256 << 20

    /// Reads `url` according to `spec`.
    /// - Throws: `InputError` naming file, line and column for unreadable files,
    ///   invalid UTF-8, missing columns, unparseable labels and malformed JSON.
    /// - Complexity: O(file size).
    public static func read(_ url: URL, spec: PairFileSpec, template: PersonaTextTemplate = .default) throws(InputError) -> PairSet {
        let file = url.path
        let lines = try lines(of: url)
        let records: [(line: Int, fields: Record)]
        switch spec.format {
        case .tsv:
            records = lines.filter { !$0.text.isEmpty }.map { ($0.number, .fields($0.text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))) }
        case .csv:
            records = try csvRecords(lines, file: file).map { ($0.line, .fields($0.fields)) }
        case .jsonl:
            records = try lines.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }.map { line throws(InputError) in
                (line.number, .object(try jsonObject(line.text, file: file, line: line.number)))
            }
        }
        var body = records[...]
        var header: [String]?
        if spec.format != .jsonl, let first = body.first, case let .fields(fields) = first.fields {
            if spec.hasHeader {
                header = fields
                body = body.dropFirst()
            } else if let optional = spec.optionalHeaderLabel, case let .number(n) = spec.labelColumn,
                      n <= fields.count, fields[n - 1] == optional {
                body = body.dropFirst()
            }
        }
        let firstLine = records.first?.line ?? 1
        let labelIndex = try resolve(spec.labelColumn, header: header, format: spec.format, file: file, line: firstLine)
        let firstIndex = try resolve(spec.textColumns.0, header: header, format: spec.format, file: file, line: firstLine)
        let secondIndex = try resolve(spec.textColumns.1, header: header, format: spec.format, file: file, line: firstLine)

        var pairs: [LabelledPair] = [], dropped: [DroppedPair] = []
        let kindColumn = try spec.kindColumn.map { column throws(InputError) in
            (column, try resolve(column, header: header, format: spec.format, file: file, line: firstLine))
        }
        for (line, record) in body {
            let label = try record.value(labelIndex, column: spec.labelColumn, file: file, line: line)
            let (first, firstPersona) = try record.side(firstIndex, column: spec.textColumns.0, file: file, line: line, template: template)
            let (second, secondPersona) = try record.side(secondIndex, column: spec.textColumns.1, file: file, line: line, template: template)
            let personas = firstPersona.flatMap { a in secondPersona.map { PersonaPair(first: a, second: $0) } }
            let kind = try kindColumn.flatMap { column, index throws(InputError) in
                try record.optionalValue(index, column: column, file: file, line: line)
            }
            switch try classify(label, rule: spec.rule, file: file, line: line, column: spec.labelColumn) {
            case .duplicate:
                pairs.append(LabelledPair(line: line, first: first, second: second, isDuplicate: true, personas: personas, kind: kind))
            case .distinct:
                pairs.append(LabelledPair(line: line, first: first, second: second, isDuplicate: false, personas: personas, kind: kind))
            case .dropped:
                dropped.append(DroppedPair(line: line, first: first, second: second, group: dropGroup(label, rule: spec.rule),
                                           personas: personas))
            }
        }
        return PairSet(name: url.lastPathComponent, spec: spec, pairs: pairs, dropped: dropped)
    }

    /// Reads `url` with the preset its first line matches.
    /// - Throws: `InputError` when no preset matches (the message lists the flags to use).
    public static func readDetectingPreset(_ url: URL, template: PersonaTextTemplate = .default) throws(InputError) -> PairSet {
        let lines = try lines(of: url)
        guard let first = lines.first(where: { !$0.text.isEmpty }),
              let spec = PairFileSpec.detect(firstLine: first.text) else {
            throw failure(file: url.path, line: 1, column: nil, message:
                "not a shape I recognise (STS-B, MRPC, PAWS, SICK, PersonaChat tiers, persona pairs); give --label-column and --text-columns")
        }
        return try read(url, spec: spec, template: template)
    }

    /// An ``InputError`` whose field names the column ("column 4", "column tier").
    static func failure(file: String, line: Int?, column: String?, message: String) -> InputError {
        InputError(file: file, line: line, field: column.map { "column \($0)" }, message: message)
    }

    // MARK: - Lines

    struct Line { let number: Int; let text: String }

    /// The file's lines: BOM removed, CR LF and LF endings removed, strict UTF-8.
    static func lines(of url: URL) throws(InputError) -> [Line] {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > maximumFileSize {
                throw failure(file: url.path, line: nil, column: nil, message: "file is \(size) bytes, over the \(maximumFileSize)-byte limit")
            }
            data = try Data(contentsOf: url)
        } catch let error as InputError {
            throw error
        } catch {
            throw failure(file: url.path, line: nil, column: nil, message: "cannot read: \(error.localizedDescription)")
        }
        var result: [Line] = []
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        var number = 1
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            var bytes = data[start ..< end]
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            guard let text = String(data: bytes, encoding: .utf8) else {
                throw failure(file: url.path, line: number, column: nil, message: "invalid UTF-8")
            }
            result.append(Line(number: number, text: text))
            number += 1
            start = end < data.endIndex ? end + 1 : end
        }
        return result
    }

    // MARK: - Records

    enum Record {
        case fields([String])
        case object([String: JSONValue])

        func value(_ index: ResolvedColumn, column: PairFileSpec.Column, file: String, line: Int) throws(InputError) -> String {
            switch (self, index) {
            case let (.fields(fields), .index(i)):
                guard i < fields.count else {
                    throw failure(file: file, line: line, column: column.description,
                                        message: "missing: the record has \(fields.count) field\(fields.count == 1 ? "" : "s")")
                }
                return fields[i]
            case let (.object(object), .key(key)):
                switch object[key] {
                case let .string(text)?: return text
                case let .number(number)?: return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
                case let .bool(flag)?: return flag ? "1" : "0"
                case nil: throw failure(file: file, line: line, column: column.description, message: "missing field")
                case let other?: throw failure(file: file, line: line, column: column.description, message: "expected a string, found \(other.typeName)")
                }
            default:
                throw failure(file: file, line: line, column: column.description, message: "column does not apply to this format")
            }
        }

        /// A side of the pair: a text, or a persona object (its text is `template`'s rendering: the gate's, name-blind by default).
        func side(_ index: ResolvedColumn, column: PairFileSpec.Column, file: String, line: Int,
                  template: PersonaTextTemplate) throws(InputError) -> (String, Persona?) {
            guard case let (.object(object), .key(key)) = (self, index), let value = object[key], case .object = value else {
                return (try self.value(index, column: column, file: file, line: line), nil)
            }
            do {
                let persona = try Persona(json: value)
                return (template.render(persona), persona)
            } catch {
                throw failure(file: file, line: line, column: error.field.isEmpty ? key : "\(key).\(error.field)", message: error.message)
            }
        }

        /// The value of an optional column: nil when a JSON field is absent or null.
        func optionalValue(_ index: ResolvedColumn, column: PairFileSpec.Column, file: String, line: Int) throws(InputError) -> String? {
            if case let (.object(object), .key(key)) = (self, index), object[key] == nil || object[key] == .null { return nil }
            return try value(index, column: column, file: file, line: line)
        }
    }

    enum ResolvedColumn { case index(Int), key(String) }

    static func resolve(_ column: PairFileSpec.Column, header: [String]?, format: PairFileSpec.Format,
                        file: String, line: Int) throws(InputError) -> ResolvedColumn {
        switch (column, format) {
        case let (.name(name), .jsonl): return .key(name)
        case (.number, .jsonl):
            throw failure(file: file, line: nil, column: column.description, message: "JSONL columns are field names, not numbers")
        case let (.number(n), _): return .index(n - 1)
        case let (.name(name), _):
            guard let header else {
                throw failure(file: file, line: line, column: name, message: "a column name needs a header row; use a 1-based number")
            }
            guard let index = header.firstIndex(of: name) else {
                throw failure(file: file, line: line, column: name, message: "no such column in the header (\(header.joined(separator: ", ")))")
            }
            return .index(index)
        }
    }

    /// RFC 4180 records: `""` escapes a quote, quoted fields may hold commas and line breaks.
    static func csvRecords(_ lines: [Line], file: String) throws(InputError) -> [(line: Int, fields: [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = [], field = "", inQuotes = false, afterQuote = false, startLine = 0
        for line in lines {
            if !inQuotes {
                if line.text.isEmpty { continue }
                startLine = line.number
            } else {
                field.append("\n")
            }
            var iterator = line.text.makeIterator()
            while let character = iterator.next() {
                if inQuotes {
                    if character == "\"" { inQuotes = false; afterQuote = true } else { field.append(character) }
                } else if character == "\"" {
                    if afterQuote { field.append("\""); inQuotes = true; afterQuote = false }
                    else if field.isEmpty { inQuotes = true }
                    else { throw failure(file: file, line: line.number, column: String(fields.count + 1), message: "stray quote inside an unquoted field") }
                } else if character == "," {
                    fields.append(field); field = ""; afterQuote = false
                } else {
                    if afterQuote { throw failure(file: file, line: line.number, column: String(fields.count + 1), message: "text after a closing quote") }
                    field.append(character)
                }
            }
            if !inQuotes {
                fields.append(field)
                records.append((startLine, fields))
                fields = []; field = ""; afterQuote = false
            }
        }
        if inQuotes {
            throw failure(file: file, line: startLine, column: String(fields.count + 1), message: "quoted field never closed")
        }
        return records
    }

    static func jsonObject(_ text: String, file: String, line: Int) throws(InputError) -> [String: JSONValue] {
        do {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            guard case let .object(object) = value else {
                throw failure(file: file, line: line, column: nil, message: "expected a JSON object, found \(value.typeName)")
            }
            return object
        } catch let error as InputError {
            throw error
        } catch {
            throw failure(file: file, line: line, column: nil, message: "malformed JSON")
        }
    }

    // MARK: - Labels

    enum Classification { case duplicate, distinct, dropped }

    /// The class a label value gets under `rule`.
    static func classify(_ raw: String, rule: PairFileSpec.LabelRule, file: String, line: Int,
                         column: PairFileSpec.Column) throws(InputError) -> Classification {
        let value = raw.trimmingCharacters(in: .whitespaces)
        switch rule {
        case .binary:
            switch value.lowercased() {
            case "1", "true", "yes": return .duplicate
            case "0", "false", "no": return .distinct
            default: throw failure(file: file, line: line, column: column.description, message: "label \"\(raw)\" is not 0/1, true/false or yes/no")
            }
        case let .graded(positive, negative):
            guard let score = Double(value), score.isFinite else {
                throw failure(file: file, line: line, column: column.description, message: "score \"\(raw)\" is not a number")
            }
            if score >= positive { return .duplicate }
            if score <= negative { return .distinct }
            return .dropped
        case let .categories(positives, negatives):
            if positives.contains(value) { return .duplicate }
            if negatives.contains(value) { return .distinct }
            return .dropped
        }
    }

    static func dropGroup(_ raw: String, rule: PairFileSpec.LabelRule) -> String {
        switch rule {
        case let .graded(positive, negative): "score between \(format(negative)) and \(format(positive))"
        default: "label \(raw.trimmingCharacters(in: .whitespaces))"
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
