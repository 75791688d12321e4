/// A problem reading or writing a Parquet file, naming the file, the row group, the column and
/// what is wrong (for an unsupported feature, the feature).
///
/// Every defect of a file (a truncated footer, a length past the end, a count that overflows, an
/// encoding this module does not decode) is reported as a `ParquetError`, never a crash.
public struct ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The code's name, as printed in error messages.
        public var description: String { name }

        /// The file cannot be opened, read or written.
        public static let io = Code("i/o error")
        /// The file does not start and end with the Parquet magic bytes.
        public static let notParquet = Code("not a Parquet file")
        /// The file's metadata or pages are damaged or inconsistent.
        public static let malformed = Code("malformed")
        /// The file uses a feature this module does not read (``ParquetError/feature`` names it).
        public static let unsupported = Code("unsupported")
        /// A size or count in the file is above a cap of ``ParquetReadLimits``.
        public static let limitExceeded = Code("limit exceeded")
        /// The caller asked for something that does not exist or does not fit (a row group index, a column name, a value of the wrong type).
        public static let invalidArgument = Code("invalid argument")
    }

    /// The kind of failure.
    public let code: Code
    /// The file's path.
    public internal(set) var file: String
    /// The 0-based row group, when the problem is tied to one.
    public internal(set) var rowGroup: Int?
    /// The column (top-level field name), when the problem is tied to one.
    public internal(set) var column: String?
    /// For ``Code/unsupported``: the feature, e.g. `"DELTA_BINARY_PACKED encoding"` or `"nested struct column"`.
    public let feature: String?
    /// What is wrong, with the offending values.
    public let detail: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - file: The file's path.
    ///   - rowGroup: The 0-based row group, if any.
    ///   - column: The column, if any.
    ///   - feature: The unsupported feature, if any.
    ///   - detail: What is wrong.
    public init(_ code: Code, file: String, rowGroup: Int? = nil, column: String? = nil, feature: String? = nil, detail: String) {
        self.code = code
        self.file = file
        self.rowGroup = rowGroup
        self.column = column
        self.feature = feature
        self.detail = detail
    }

    /// `"file: row group 1: column \"traits\": unsupported: DELTA_BINARY_PACKED encoding: detail"`, leaving out what is unknown.
    public var description: String {
        var text = file.isEmpty ? "parquet" : file
        if let rowGroup { text += ": row group \(rowGroup)" }
        if let column { text += ": column \"\(column)\"" }
        text += ": \(code)"
        if let feature { text += ": \(feature)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    /// A malformed-file error whose location is filled in by the caller.
    static func malformed(_ detail: String) -> ParquetError { ParquetError(.malformed, file: "", detail: detail) }

    /// An unsupported-feature error whose location is filled in by the caller.
    static func unsupported(_ feature: String, _ detail: String = "") -> ParquetError {
        ParquetError(.unsupported, file: "", feature: feature, detail: detail)
    }

    /// A limit error whose location is filled in by the caller.
    static func limit(_ detail: String) -> ParquetError { ParquetError(.limitExceeded, file: "", detail: detail) }

    /// This error with the file, row group and column filled in where still unknown.
    func located(file: String, rowGroup: Int? = nil, column: String? = nil) -> ParquetError {
        var copy = self
        if copy.file.isEmpty { copy.file = file }
        if copy.rowGroup == nil { copy.rowGroup = rowGroup }
        if copy.column == nil { copy.column = column }
        return copy
    }
}
