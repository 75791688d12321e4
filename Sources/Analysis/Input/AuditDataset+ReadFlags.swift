import CommandLineSupport

extension AuditDataset.ReadOptions {
    /// The read options of the flags every dataset-reading command shares (``CommandLineSupport/DatasetReadOptions``),
    /// with `--reembed` (``CommandLineSupport/DatasetReadOptions/reembedOption``) for the commands that take it.
    /// - Parameter reembed: the command's `--reembed`; nil when the command does not take it.
    public init(_ options: DatasetReadOptions, reembed: Bool? = nil) {
        self.init(textField: options.textField, column: options.column, mode: options.errorMode, keepNames: options.keepNames,
                  nameField: options.nameField)
        textTemplate = options.textTemplate
        idField = options.idField
        offersReembed = reembed != nil
        self.reembed = reembed ?? false
    }
}
