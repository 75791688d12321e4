import CommandLineSupport
import FieldScoring
import Foundation
import PersonaKit
import RunFormat

/// An existing dataset a run must not duplicate (`--avoid`): its records are held by the gate beside the
/// seed personas, so no accepted persona is within τ (p* with the field-aware score) of one, and a
/// rejection names the record it came near as `avoid:<file name>:<id or line>`.
///
/// The manifest records each set (`config.avoid`) with the SHA-256, size and record count of the file as
/// the run read it; `--resume` reads the same files and refuses one that changed since, because the
/// personas accepted so far were checked against its old contents.
public struct AvoidSet: Sendable, Codable, Equatable {
    /// The file's absolute path.
    public var path: String
    /// Its ``PersonaKit/InputFormat`` name: `jsonl`, `json`, `text`, `csv:COLUMN`, `jsonl:FIELD`.
    public var format: String
    /// SHA-256 (hex) of the file as the run read it; nil until read.
    public var sha256: String?
    /// The file's size in bytes as the run read it; nil until read.
    public var bytes: Int?
    /// Records read from it into the gate; nil until read.
    public var rows: Int?

    /// A set not read yet.
    /// - Parameters:
    ///   - path: the file (made absolute, so `--resume` finds it from any directory).
    ///   - format: how to read it.
    public init(path: String, format: InputFormat) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
        self.format = format.description
    }

    /// Parses an `--avoid` value: `FILE`, in the format its extension names (`InputFormat.infer(from:)`), or
    /// `FORMAT=FILE` (`csv:COLUMN=old.csv`), when the part before the first `=` is a format name.
    /// - Throws: `UsageError` when the format cannot be told from the extension.
    public init(option text: String) throws(UsageError) {
        if let equals = text.firstIndex(of: "="), let format = InputFormat(name: String(text[..<equals])) {
            self.init(path: String(text[text.index(after: equals)...]), format: format)
            return
        }
        do { self.init(path: text, format: try InputFormat.infer(from: URL(fileURLWithPath: text))) } catch {
            throw UsageError("--avoid \(text): \(error.message)", hint: "give the format as FORMAT=FILE, FORMAT one of jsonl, json, text, csv:COLUMN, jsonl:FIELD")
        }
    }

    /// The file.
    var url: URL { URL(fileURLWithPath: path) }

    /// The file name, which identifiers of its records start with.
    var name: String { url.lastPathComponent }

    /// How the set is read, as given: the file and its format.
    var source: String { "\(format)=\(path)" }

    /// The identifier a record at `line` (with `persona`, when the format holds personas) is reported under:
    /// `avoid:<file name>:<the persona's id, else the line>`.
    func identifier(line: Int, persona: Persona?) -> String {
        "avoid:\(name):\(persona?.id ?? String(line))"
    }

    /// The format, read from the manifest entry `config.avoid[index]` of `directory`'s run.
    /// - Throws: ``GenerationError`` (bad data naming the manifest and field) for a name no reader knows.
    func inputFormat(index: Int, directory: URL) throws -> InputFormat {
        guard let format = InputFormat(name: format) else {
            throw GenerationError.data(directory.appendingPathComponent(RunFiles.manifest).path, field: "config.avoid[\(index)].format",
                                       "\"\(self.format)\" is not a dataset format (jsonl, json, text, csv:COLUMN, jsonl:FIELD)")
        }
        return format
    }

    /// Refuses avoid sets the run's gate cannot hold: any without the semantic gate, texts without persona
    /// fields with the field-aware score or the judge (both compare personas field by field), and two files
    /// of the same name (identifiers could not tell their records apart).
    /// - Throws: ``GenerationError`` of kind usage.
    static func check(_ config: GenerationConfig) throws(GenerationError) {
        guard !config.avoid.isEmpty else { return }
        guard config.gate == .semantic else {
            throw GenerationError(.usage, "--avoid needs --gate semantic, got --gate \(config.gate.rawValue)")
        }
        var paths = [String: String]()
        for set in config.avoid {
            if let other = paths.updateValue(set.path, forKey: set.name) {
                throw GenerationError(.usage, "two --avoid files are named \(set.name) (\(other) and \(set.path)); rejections name avoid "
                    + "records by file name, so rename one")
            }
            guard let format = InputFormat(name: set.format), !format.holdsPersonas else { continue }
            let comparer = config.score == .fields ? "--score fields" : config.judge != nil ? "--judge" : nil
            if let comparer {
                throw GenerationError(.usage, "--avoid \(set.path) is read as texts (\(set.format)), without the persona fields \(comparer) "
                    + "compares; pass --score cosine without --judge, or a file of personas")
            }
        }
    }
}
