import Foundation
import LinearAlgebra
import PersonaKit

extension AuditDataset {
    /// How to read an input path.
    public struct ReadOptions: Sendable {
        /// For JSONL of arbitrary objects: the field holding the text (for Parquet, the column).
        public var textField: String?
        /// For CSV: the column holding the text (for Parquet, the same as ``textField``).
        public var column: String?
        /// Strict (first bad record throws) or skip.
        public var mode: ErrorMode = .strict
        /// Rules reported as violations (never a reason to drop a persona).
        public var rules: ValidationRules = .card
        /// How personas become texts: the default template, name-blind unless `--keep-names`.
        public var template: PersonaTextTemplate = .default
        /// For JSONL or Parquet with a text field or a text template: the field holding each record's name, masked in its text (`--name-field`).
        public var nameField: String?
        /// For JSON objects and Parquet rows with any fields: each record's text rendered from them (`--text-template`).
        public var textTemplate: RecordTemplate?
        /// For JSON objects and Parquet rows: the field holding each record's own id (`--id-field`), kept in every output.
        public var idField: String?
        /// For JSON objects and Parquet rows: fields whose values the fit section describes (`--fit-field`).
        public var categoryFields: [String] = []
        /// For a run directory: leave its `embeddings.f32` unread, so the texts are embedded from scratch (`--reembed`).
        /// Without it a damaged file stops the read (`EmbeddingDamage`).
        public var reembed = false
        /// Whether the reading command takes `--reembed`, for the message about a damaged `embeddings.f32`.
        public var offersReembed = false

        /// Creates options.
        public init(textField: String? = nil, column: String? = nil, mode: ErrorMode = .strict, keepNames: Bool = false, nameField: String? = nil) {
            self.textField = textField
            self.column = column
            self.mode = mode
            template = keepNames ? PersonaTextTemplate.default.keepingNames() : .default
            self.nameField = nameField
        }

        /// The format of the dataset file at `url`: a `.parquet` file is Parquet (the string column
        /// ``textField`` or ``column`` when one is given, else personas or, with ``textTemplate``, rows of
        /// any columns); otherwise ``column`` means CSV, ``textField`` JSONL objects, and without either
        /// the extension decides (with ``textTemplate``, JSON objects of any fields).
        /// - Throws: `InputError` for an unknown extension.
        public func format(of url: URL) throws(InputError) -> InputFormat {
            if url.pathExtension.lowercased() == "parquet" { return .parquet(textColumn: textTemplate == nil ? textField ?? column : nil) }
            if textTemplate != nil { return try InputFormat.infer(from: url) }
            if let column { return .csv(column: column) }
            if let textField { return .jsonl(textField: textField) }
            return try InputFormat.infer(from: url)
        }

        /// A reader of `url` in `format` with these options: mode, persona template, name field, text template and id field.
        public func reader(of url: URL, format: InputFormat) -> DatasetReader {
            var reader = DatasetReader(url: url, format: format, mode: mode, rules: nil, template: template)
            reader.nameField = nameField
            reader.textTemplate = textTemplate
            reader.idField = idField
            reader.categoryFields = categoryFields
            return reader
        }
    }

    /// Reads a dataset file or a `spb-generate` run directory.
    ///
    /// Personas are read without dropping rule breakers: their violations are kept for the
    /// validity section. Malformed records throw (strict) or are skipped and counted.
    /// - Throws: `InputError` naming file, line and field.
    /// - Complexity: O(input size).
    public static func read(_ url: URL, options: ReadOptions) throws -> AuditDataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "no such file or directory")
        }
        if isDirectory.boolValue { return try readRunDirectory(url, options: options) }
        return try readFile(url, format: options.format(of: url), options: options)
    }

    static func readFile(_ url: URL, format: InputFormat, options: ReadOptions) throws -> AuditDataset {
        switch format {
        case .plainText, .csv:
            if let field = options.categoryFields.first {
                throw InputError(file: url.relativePath, line: nil, field: field,
                                 message: "--fit-field reads fields of JSON objects or Parquet rows; this input is \(format)")
            }
        default: break
        }
        var ids = [String](), texts = [String](), personas = [Persona](), violations = [[Violation]]()
        var categories = Dictionary(uniqueKeysWithValues: options.categoryFields.map { ($0, [[String]]()) })
        let summary = try options.reader(of: url, format: format).read { record in
            for field in options.categoryFields { categories[field]?.append(record.categories[field] ?? []) }
            texts.append(record.text)
            ids.append(record.id ?? String(record.line))
            if let persona = record.persona {
                personas.append(persona)
                violations.append(persona.violations(of: options.rules).map { Violation(rule: $0.rule, field: $0.field, message: $0.message) })
            }
        }
        let isPersonas = !personas.isEmpty && personas.count == texts.count
        var dataset = AuditDataset(source: url.relativePath, format: String(describing: format), ids: ids, texts: texts,
                                   personas: isPersonas ? personas : nil, violations: isPersonas ? violations : [],
                                   skippedRecords: summary.skippedCount)
        dataset.textTemplate = options.template
        dataset.categories = categories
        return dataset
    }
}
