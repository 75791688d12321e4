import CommandLineSupport

extension AuditDataset.ReadOptions {
    /// The read options of the flags every dataset-reading command shares (``CommandLineSupport/DatasetReadOptions``).
    public init(_ options: DatasetReadOptions) {
        self.init(textField: options.textField, column: options.column, mode: options.errorMode, keepNames: options.keepNames,
                  nameField: options.nameField)
    }
}
