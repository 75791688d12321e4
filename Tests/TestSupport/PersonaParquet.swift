import Foundation
import Parquet
import PersonaKit

/// Persona datasets written as Parquet by our own ``ParquetWriter``, with a JSONL twin, for tests
/// that read Parquet through the commands (no copied data files).
public enum PersonaParquet {
    /// The columns of a persona file: the card's fields with their types (id a string, `username`
    /// and `model` nullable, `age` int64, `traits` a list of strings) and one extra column, `score` (double).
    public static let columns: [ParquetColumn] = [
        ParquetColumn(name: "id", type: .string),
        ParquetColumn(name: "name", type: .string, isNullable: false),
        ParquetColumn(name: "username", type: .string),
        ParquetColumn(name: "age", type: .int64),
        ParquetColumn(name: "traits", type: .stringList),
        ParquetColumn(name: "background", type: .string),
        ParquetColumn(name: "chatting_style", type: .string),
        ParquetColumn(name: "model", type: .string),
        ParquetColumn(name: "score", type: .double),
    ]

    /// `count` valid personas with ids `pq-001`…, every third without a username, each with an
    /// extra `score`, backgrounds varied enough that none are near-duplicates of each other.
    public static func personas(_ count: Int) -> [Persona] {
        let jobs = ["ferry mechanic", "beekeeper", "night-shift nurse", "retired judge", "bike courier", "luthier", "tax auditor", "glassblower"]
        let hobbies = ["restores radios", "keeps a diary of tides", "runs ultramarathons", "collects old maps", "plays chess by mail",
                       "paints birds", "brews cider", "repairs clocks"]
        let traits = ["patient", "curious", "wry", "blunt", "warm", "frugal", "stubborn"]
        return (1 ... count).map { (number: Int) -> Persona in
            let username: String? = number % 3 == 0 ? nil : "parq_\(number)"
            let picked: [String] = (0 ..< 3 + number % 3).map { traits[($0 + number) % traits.count] }
            let job = jobs[number % jobs.count], hobby = hobbies[(number / jobs.count) % hobbies.count]
            let style = number % 2 == 0 ? "dry jokes" : "many questions"
            return Persona(name: "Parq Person\(number)", username: username, age: 20 + number % 50, traits: picked,
                           background: "A \(job) who \(hobby); case \(number).", chattingStyle: "Short replies, \(style).",
                           id: String(format: "pq-%03d", number), extraFields: ["score": .number(Double(number) / 4)])
        }
    }

    /// A persona as a row of ``columns``.
    public static func row(_ persona: Persona) -> [String: ParquetValue] {
        var row: [String: ParquetValue] = [
            "name": .string(persona.name), "age": .int(Int64(persona.age)), "traits": .list(persona.traits.map(ParquetValue.string)),
            "background": .string(persona.background), "chatting_style": .string(persona.chattingStyle),
        ]
        if let id = persona.id { row["id"] = .string(id) }
        if let username = persona.username { row["username"] = .string(username) }
        if let model = persona.model { row["model"] = .string(model) }
        if case let .number(score)? = persona.extraFields["score"] { row["score"] = .double(score) }
        return row
    }

    /// Writes `rows` (cells by column name) to `url`, `rowGroupRows` rows per row group.
    /// - Throws: `ParquetError` when a cell does not fit its column or the file cannot be written.
    public static func write(rows: [[String: ParquetValue]], columns: [ParquetColumn] = columns, to url: URL, rowGroupRows: Int = 4) throws {
        var options = ParquetWriter.Options()
        options.rowGroupSize = rowGroupRows
        let writer = try ParquetWriter(url: url, columns: columns, options: options)
        for row in rows { try writer.append(row) }
        try writer.close()
    }

    /// Writes `personas` to `url` as Parquet (``columns``, without `score` when no persona has one) and
    /// to `jsonl` (when given) as their JSONL lines.
    /// - Throws: `ParquetError` or a file-system error.
    public static func write(_ personas: [Persona], to url: URL, jsonl: URL? = nil, rowGroupRows: Int = 4) throws {
        let scored = personas.contains { $0.extraFields["score"] != nil }
        try write(rows: personas.map(row), columns: columns.filter { scored || $0.name != "score" }, to: url, rowGroupRows: rowGroupRows)
        if let jsonl { try Data((personas.map { $0.jsonLine() }.joined(separator: "\n") + "\n").utf8).write(to: jsonl) }
    }

    /// A pyarrow-written file of Tests/ParquetTests/Fixtures (read in place, never copied):
    /// `unsupported_nested.parquet` has a nested struct column `profile` after `id` and `name`;
    /// `unsupported_encodings.parquet` has DELTA_BYTE_ARRAY in `background`.
    public static func repositoryFixture(_ name: String) -> URL {
        SharedData.repositoryRoot.appendingPathComponent("Tests/ParquetTests/Fixtures").appendingPathComponent(name)
    }

    /// Ways to damage a Parquet file.
    public enum Damage: String, Sendable, CaseIterable {
        /// The last 12 bytes (footer length and magic) cut off.
        case truncatedFooter
        /// 64 bytes of 0xFF over the first page header.
        case scrambledPage
    }

    /// A copy of the Parquet file at `url` damaged as `damage` says, written to `damaged`.
    /// - Throws: file-system errors.
    public static func write(_ url: URL, damaged damage: Damage, to damaged: URL) throws {
        var data = try Data(contentsOf: url)
        switch damage {
        case .truncatedFooter: data = data.prefix(data.count - 12)
        case .scrambledPage: data.replaceSubrange(4 ..< 68, with: Data(repeating: 0xFF, count: 64))
        }
        try data.write(to: damaged)
    }
}
