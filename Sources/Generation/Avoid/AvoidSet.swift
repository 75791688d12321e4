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

    /// Why a run's gate cannot hold its avoid sets.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// Only the semantic gate holds avoid sets; the run's gate is this one.
        case gateNotSemantic(GateMode)
        /// Two sets' files have the same name (identifiers could not tell their records apart).
        case sameFileName(name: String, first: String, second: String)
        /// A set read as texts (its `path` and `format`) where the gate compares personas field by field:
        /// with the field-aware score, or with the judge (`byJudge`).
        case textsWithoutPersonaFields(path: String, format: String, byJudge: Bool)

        /// The problem in words.
        public var description: String {
            switch self {
            case let .gateNotSemantic(gate):
                "avoid sets need the semantic gate, and the run's gate is \(gate.rawValue)"
            case let .sameFileName(name, first, second):
                "two avoid sets are named \(name) (\(first) and \(second)); rejections name avoid records by file name, so rename one"
            case let .textsWithoutPersonaFields(path, format, byJudge):
                "the avoid set \(path) is read as texts (\(format)), without the persona fields the \(byJudge ? "judge" : "field-aware score") "
                    + "compares; use the cosine score without the judge, or a file of personas"
            }
        }
    }

    /// What keeps the run's gate from holding `config.avoid`, if anything: any set without the semantic gate,
    /// texts without persona fields with the field-aware score or the judge (both compare personas field by
    /// field), and two files of the same name (identifiers could not tell their records apart).
    public static func problem(in config: GenerationConfig) -> Problem? {
        guard !config.avoid.isEmpty else { return nil }
        guard config.gate == .semantic else { return .gateNotSemantic(config.gate) }
        var paths = [String: String]()
        for set in config.avoid {
            if let other = paths.updateValue(set.path, forKey: set.name) { return .sameFileName(name: set.name, first: other, second: set.path) }
            guard let format = InputFormat(name: set.format), !format.holdsPersonas, config.score == .fields || config.judge != nil else { continue }
            return .textsWithoutPersonaFields(path: set.path, format: set.format, byJudge: config.score != .fields)
        }
        return nil
    }

    /// Refuses avoid sets the run's gate cannot hold (``problem(in:)``).
    /// - Throws: ``GenerationError`` (``GenerationError/Code/avoidSetsUnusable``).
    static func check(_ config: GenerationConfig) throws(GenerationError) {
        if let problem = problem(in: config) { throw GenerationError.avoidSetsUnusable(problem) }
    }
}
