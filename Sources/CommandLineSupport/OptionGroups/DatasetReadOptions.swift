import PersonaKit

/// How a command reads a dataset, from the options every dataset-reading command shares (`audit`, `split`,
/// `embed`, `dedup`): `--text-field NAME` for JSONL objects, `--column NAME` for CSV (either for a Parquet
/// string column), `--skip-invalid`, `--keep-names` and `--name-field NAME`. `card`, `publish` and
/// `thresholds` take ``skipInvalidOption(_:)`` (and ``keepNamesOption``) alone.
public struct DatasetReadOptions: Sendable, Equatable {
    /// `--text-field`: read JSONL objects (or Parquet) and use this string field as the text.
    public var textField: String?
    /// `--column`: read this CSV (or Parquet) column as the texts.
    public var column: String?
    /// `--skip-invalid`: skip malformed records instead of stopping at the first.
    public var skipInvalid: Bool
    /// `--keep-names`: embed and compare persona texts as written, names included.
    public var keepNames: Bool
    /// `--name-field`: with ``textField`` or ``textTemplate``, the field holding each record's name, masked in its text.
    public var nameField: String?
    /// `--text-template`: each record's text rendered from any of its fields (JSON objects, Parquet rows).
    public var textTemplate: RecordTemplate?
    /// `--id-field`: the field holding each record's own id, kept in every output.
    public var idField: String?

    /// Options as given; the defaults read personas, strictly, name-blind.
    public init(textField: String? = nil, column: String? = nil, skipInvalid: Bool = false, keepNames: Bool = false, nameField: String? = nil) {
        self.textField = textField
        self.column = column
        self.skipInvalid = skipInvalid
        self.keepNames = keepNames
        self.nameField = nameField
    }

    /// What a bad record does: stop (`.strict`) or get skipped and counted (`.skip`, with `--skip-invalid`).
    public var errorMode: ErrorMode { skipInvalid ? .skip : .strict }

    /// The options, worded for one command.
    /// - Parameters:
    ///   - textFieldNote: a sentence on what the command does with such records beyond embedding the field, if anything.
    ///   - columnNote: the same for `--column`.
    ///   - skipped: what happens to skipped records in this command (`counted in the report`), if worth saying.
    public static func options(textFieldNote: String? = nil, columnNote: String? = nil, skipped: String?) -> [OptionSpec] {
        [
            OptionSpec("--text-field", valueName: "name", help: "Read JSONL objects (or a Parquet file) and embed this string field instead of personas."
                + (textFieldNote.map { " " + $0 } ?? "")),
            OptionSpec("--column", valueName: "name", help: "Read this CSV (or Parquet) column as the texts." + (columnNote.map { " " + $0 } ?? "")),
            skipInvalidOption(skipped),
            textTemplateOption,
            idFieldOption,
            keepNamesOption,
            nameFieldOption,
        ]
    }

    /// `--text-template`, for every command that embeds records it reads.
    public static let textTemplateOption = OptionSpec(
        "--text-template", valueName: "template", help: "Records with any fields (JSONL objects, a Parquet file): embed this "
            + "text, with {column} placeholders filled from each record (lists joined with \", \", nulls empty), e.g. "
            + "\"{professional_persona} Hobbies: {hobbies_and_interests_list}\". A record without a named field is a bad record.")

    /// `--id-field`, for every command that names records in its outputs.
    public static let idFieldOption = OptionSpec(
        "--id-field", valueName: "name", help: "JSONL objects or Parquet rows: the field holding each record's own id (a string or an "
            + "integer), used in every output instead of the record's line or row number.")

    /// `--text-template` of a parsed command line.
    /// - Throws: ``UsageError`` for a malformed template.
    public static func textTemplate(in parsed: ParsedArguments) throws(UsageError) -> RecordTemplate? {
        guard let source = parsed.value(textTemplateOption.name) else { return nil }
        do { return try RecordTemplate(source) } catch { throw UsageError("--text-template: \(error.message)") }
    }

    /// `--skip-invalid`, worded for one command.
    /// - Parameter skipped: what happens to skipped records in this command (`counted in the card`), if worth saying.
    public static func skipInvalidOption(_ skipped: String?) -> OptionSpec {
        OptionSpec("--skip-invalid", help: "Skip malformed records" + (skipped.map { " (\($0))" } ?? "") + " instead of stopping with exit 65.")
    }

    /// `--keep-names`, for every command that embeds or compares persona texts it reads.
    public static let keepNamesOption = OptionSpec("--keep-names", help: "Embed and compare persona texts as written. By default each persona's own name "
        + "(every word of it: first, middle, last, with a possessive 's, ignoring case and accents) and its username are replaced by "
        + "\"\(NameMask.token)\" in its background, traits and chatting style first: generators draw names at random and they say nothing "
        + "about the character (a name that is also a word, such as Hope, is masked only where capitalised). Plain text and CSV have no names to mask.")

    /// `--name-field`, for JSONL or Parquet read with `--text-field`.
    public static let nameFieldOption = OptionSpec("--name-field", valueName: "name", help: "With --text-field or --text-template: the field holding each record's name, "
        + "masked in its text like a persona's (see --keep-names).")

    /// `--reembed`, for every command that can read a run directory's stored embeddings instead of embedding.
    public static let reembedOption = OptionSpec("--reembed", help: "For a spb-generate run directory: embed every text from scratch instead of "
        + "reading its embeddings.f32. Without it, a damaged embeddings.f32 (rows missing, a row cut off, a bad header) stops with exit 65 "
        + "naming the damage and the repair (spb-generate --resume --out RUN_DIR).")

    /// The options of a parsed command line that declared ``options(textFieldNote:columnNote:skipped:)``.
    /// - Throws: ``UsageError`` when two of `--text-field`, `--column` and `--text-template` are given, `--name-field`
    ///   comes without `--text-field` or `--text-template`, or the template is malformed.
    public init(parsed: ParsedArguments) throws(UsageError) {
        let sources = ["--text-field", "--column", "--text-template"].filter { parsed.isPresent($0) }
        if sources.count > 1 {
            throw UsageError("\(sources.joined(separator: " and ")) cannot be combined",
                             hint: "--text-field is for JSONL, --column for CSV (either names a Parquet column), --text-template for records with any fields")
        }
        if parsed.isPresent("--name-field") && !parsed.isPresent("--text-field") && !parsed.isPresent("--text-template") {
            throw UsageError("--name-field needs --text-field or --text-template", hint: "persona records mask their own name field already")
        }
        self.init(textField: parsed.value("--text-field"), column: parsed.value("--column"), skipInvalid: parsed.flag("--skip-invalid"),
                  keepNames: parsed.flag("--keep-names"), nameField: parsed.value("--name-field"))
        textTemplate = try Self.textTemplate(in: parsed)
        idField = parsed.value("--id-field")
    }
}
