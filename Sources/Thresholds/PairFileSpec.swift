import Foundation
import PersonaKit

/// How to read a labelled-pair file: its format, which columns hold the two texts and the
/// label, and how to turn the label into duplicate / not duplicate.
public struct PairFileSpec: Sendable, Equatable {
    /// Field layout.
    public enum Format: String, Sendable, Equatable, Codable, CaseIterable {
        /// Tab-separated, quoting off (a `"` is an ordinary character).
        case tsv
        /// Comma-separated with RFC 4180 quoting (quoted fields may span lines).
        case csv
        /// One JSON object per line; columns are field names.
        case jsonl
    }

    /// A column: a 1-based number, or a header / JSON field name.
    public enum Column: Sendable, Equatable, CustomStringConvertible {
        /// 1-based position.
        case number(Int)
        /// Header or field name.
        case name(String)

        /// Parses "5" as a number and anything else as a name.
        public init(_ text: String) {
            if let number = Int(text), number >= 1 { self = .number(number) } else { self = .name(text) }
        }

        public var description: String {
            switch self {
            case let .number(number): String(number)
            case let .name(name): name
            }
        }
    }

    /// How a label value becomes a binary class.
    public enum LabelRule: Sendable, Equatable {
        /// 1/0, true/false, yes/no (case-insensitive).
        case binary
        /// A number: `>= positiveAtLeast` is a duplicate, `<= negativeAtMost` is not, values
        /// in between are dropped and counted.
        case graded(positiveAtLeast: Double, negativeAtMost: Double)
        /// Categories: listed positive and negative values; any other value is dropped and
        /// counted by value (e.g. PersonaChat's E tier).
        case categories(positive: Set<String>, negative: Set<String>)
    }

    /// Field layout.
    public var format: Format
    /// Whether the first record is a header (TSV/CSV). For presets whose files exist both
    /// with and without a header, the first record is skipped when its label cell equals
    /// ``optionalHeaderLabel``.
    public var hasHeader: Bool
    /// Label cell of an optional header row ("Quality" in MRPC, "label" in PAWS).
    public var optionalHeaderLabel: String?
    /// Column of the label.
    public var labelColumn: Column
    /// Columns of the two texts.
    public var textColumns: (Column, Column)
    /// Binarisation rule.
    public var rule: LabelRule
    /// Optional column naming each pair's kind (e.g. `kind`: reworded, same-profession, …), for
    /// accuracy by kind; a record without it has no kind.
    public var kindColumn: Column?
    /// Preset name when the spec came from a preset ("STS-B", "MRPC", …).
    public var presetName: String?

    /// Creates a spec.
    public init(format: Format, hasHeader: Bool, optionalHeaderLabel: String? = nil, labelColumn: Column,
                textColumns: (Column, Column), rule: LabelRule, kindColumn: Column? = nil, presetName: String? = nil) {
        self.format = format
        self.hasHeader = hasHeader
        self.optionalHeaderLabel = optionalHeaderLabel
        self.labelColumn = labelColumn
        self.textColumns = textColumns
        self.rule = rule
        self.kindColumn = kindColumn
        self.presetName = presetName
    }

    public static func == (a: PairFileSpec, b: PairFileSpec) -> Bool {
        a.format == b.format && a.hasHeader == b.hasHeader && a.optionalHeaderLabel == b.optionalHeaderLabel
            && a.labelColumn == b.labelColumn && a.textColumns.0 == b.textColumns.0 && a.textColumns.1 == b.textColumns.1
            && a.rule == b.rule && a.kindColumn == b.kindColumn && a.presetName == b.presetName
    }

    /// A one-line human description of the rule, for reports.
    public var ruleDescription: String {
        switch rule {
        case .binary:
            return "label column \(labelColumn): 1 = duplicate, 0 = not"
        case let .graded(positive, negative):
            return "score column \(labelColumn): >= \(PairFileReader.format(positive)) duplicate, <= \(PairFileReader.format(negative)) not, scores in between dropped"
        case let .categories(positive, negative):
            return "label column \(labelColumn): \(positive.sorted().joined(separator: "/")) duplicate, "
                + "\(negative.sorted().joined(separator: "/")) not, other values dropped"
        }
    }
}

extension PairFileSpec {
    /// STS Benchmark: TSV without header, quoting off; score (0-5) in column 5, texts in 6-7;
    /// >= 4 duplicate, <= 2 not, the rest dropped. Some rows carry two extra source columns.
    public static let stsBenchmark = PairFileSpec(
        format: .tsv, hasHeader: false, labelColumn: .number(5), textColumns: (.number(6), .number(7)),
        rule: .graded(positiveAtLeast: 4, negativeAtMost: 2), presetName: "STS-B")

    /// Microsoft Research Paraphrase Corpus: TSV, UTF-8 BOM, label (1 = paraphrase) in column 1,
    /// texts in 4-5; an optional "Quality …" header row is skipped.
    public static let mrpc = PairFileSpec(
        format: .tsv, hasHeader: false, optionalHeaderLabel: "Quality", labelColumn: .number(1),
        textColumns: (.number(4), .number(5)), rule: .binary, presetName: "MRPC")

    /// PAWS-Wiki: TSV `id, sentence1, sentence2, label` (1 = paraphrase, the last column);
    /// an optional header row is skipped.
    public static let paws = PairFileSpec(
        format: .tsv, hasHeader: false, optionalHeaderLabel: "label", labelColumn: .number(4),
        textColumns: (.number(2), .number(3)), rule: .binary, presetName: "PAWS")

    /// SICK: TSV with header; relatedness (1-5) >= 4 duplicate, <= 2 not, the rest dropped
    /// (the STS-B cut applied a priori; the set is held out and never tuned on).
    public static let sick = PairFileSpec(
        format: .tsv, hasHeader: true, labelColumn: .name("relatedness_score"),
        textColumns: (.name("sentence_A"), .name("sentence_B")),
        rule: .graded(positiveAtLeast: 4, negativeAtMost: 2), presetName: "SICK")

    /// PersonaChat original/revised persona sentences: TSV with header; tier P (paraphrase)
    /// duplicate, X (a different fact) not; E (implied or more general) dropped and reported apart.
    public static let personaChatTiers = PairFileSpec(
        format: .tsv, hasHeader: true, labelColumn: .name("tier"),
        textColumns: (.name("original"), .name("revised")),
        rule: .categories(positive: ["P"], negative: ["X"]), presetName: "PersonaChat tiers")

    /// Persona pairs (`Benchmarks/persona-pairs`): JSONL objects whose `a` and `b` are personas in
    /// the card's schema, `label` 1 when they are the same character, and an optional `kind`.
    /// Each side's text is the persona rendered by the gate's template; the personas are kept for
    /// the field-aware score.
    public static let personaPairs = PairFileSpec(
        format: .jsonl, hasHeader: false, labelColumn: .name("label"), textColumns: (.name("a"), .name("b")),
        rule: .binary, kindColumn: .name("kind"), presetName: "persona pairs")

    /// Every built-in preset.
    public static let presets: [PairFileSpec] = [.stsBenchmark, .mrpc, .paws, .sick, .personaChatTiers, .personaPairs]

    /// The preset whose shape the first record matches, or nil.
    ///
    /// Header names identify SICK (`pair_ID … relatedness_score`) and the PersonaChat tiers
    /// (`tier`, `original`, `revised`); otherwise the tab-separated field count and contents:
    /// 5 fields with a 0/1 label and numeric ids is MRPC, 4 fields with a 0/1 last field is
    /// PAWS, 7 or more with a 0-5 number in field 5 is STS-B. A JSON object with a `label` and
    /// objects `a` and `b` is a persona-pair file.
    /// - Parameter firstLine: the first line, BOM and line ending removed.
    public static func detect(firstLine: String) -> PairFileSpec? {
        if firstLine.first == "{", case let .object(object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(firstLine.utf8)),
           object["label"] != nil, case .object? = object["a"], case .object? = object["b"] {
            return .personaPairs
        }
        let fields = firstLine.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        if fields.contains("relatedness_score"), fields.contains("sentence_A") { return .sick }
        if fields.contains("tier"), fields.contains("original"), fields.contains("revised") { return .personaChatTiers }
        let isDigits = { (text: String) in !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) }
        if fields.count == 5, fields[0] == "Quality" || (["0", "1"].contains(fields[0]) && isDigits(fields[1]) && isDigits(fields[2])) {
            return .mrpc
        }
        if fields.count == 4, fields[3] == "label" || (isDigits(fields[0]) && ["0", "1"].contains(fields[3])) { return .paws }
        if fields.count >= 7, let score = Double(fields[4]), (0 ... 5).contains(score) { return .stsBenchmark }
        return nil
    }
}
