import Parquet

extension InputError {
    /// A Parquet reading error as an input error (exit 65) on the file as the user named it:
    /// `file: row group 1: column "traits": unsupported: DELTA_BYTE_ARRAY encoding: detail`,
    /// leaving out what the error does not know.
    ///
    /// - Parameters:
    ///   - error: What the Parquet reader threw.
    ///   - file: The path as given by the user (the reader knows only the absolute one).
    public init(_ error: ParquetError, file: String) {
        var parts: [String] = []
        if let rowGroup = error.rowGroup { parts.append("row group \(rowGroup)") }
        if let column = error.column { parts.append("column \"\(column)\"") }
        parts.append(error.code.description)
        if let feature = error.feature { parts.append(feature) }
        if !error.detail.isEmpty { parts.append(error.detail) }
        self.init(file: file, line: nil, field: nil, message: parts.joined(separator: ": "))
    }
}
