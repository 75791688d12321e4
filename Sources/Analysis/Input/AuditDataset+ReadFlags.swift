import CommandLineSupport

extension AuditDataset.ReadOptions {
    /// The reading flags every command that reads a dataset shares (`audit`, `split`, `embed`,
    /// `dedup`): `--text-field NAME` for JSONL objects, `--column NAME` for CSV (either for a
    /// Parquet string column), `--skip-invalid`, `--keep-names` and `--name-field NAME`; and
    /// `--reembed` (``OptionSpec/reembed``) where the command takes it.
    /// - Throws: `UsageError` when `--text-field` and `--column` are both given, or `--name-field` without `--text-field`.
    public init(parsed: ParsedArguments) throws(UsageError) {
        if parsed.isPresent("--text-field") && parsed.isPresent("--column") {
            throw UsageError("--text-field and --column cannot be combined", hint: "--text-field is for JSONL, --column for CSV; either names a Parquet column")
        }
        if parsed.isPresent("--name-field") && !parsed.isPresent("--text-field") {
            throw UsageError("--name-field needs --text-field", hint: "persona records mask their own name field already")
        }
        self.init(textField: parsed.value("--text-field"), column: parsed.value("--column"),
                  mode: parsed.flag("--skip-invalid") ? .skip : .strict, keepNames: parsed.flag("--keep-names"),
                  nameField: parsed.value("--name-field"))
        offersReembed = parsed.accepts(OptionSpec.reembed.name)
        reembed = offersReembed && parsed.flag(OptionSpec.reembed.name)
    }
}
