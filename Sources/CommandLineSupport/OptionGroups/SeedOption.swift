/// `--seed <n>`: the seed of every random choice a command makes (`audit`, `split`, `publish`, `dedup`, `spb-generate`).
public enum SeedOption {
    /// The option's spelling.
    public static let name = "--seed"
    /// The seed used when the option is absent, by every command.
    public static let defaultSeed: UInt64 = 42

    /// The option, worded for one command.
    /// - Parameters:
    ///   - purpose: what the seed drives, e.g. `k-means and every sample`.
    ///   - valueName: the placeholder, in the command's style.
    public static func spec(for purpose: String, valueName: String = "n") -> OptionSpec {
        OptionSpec(name, valueName: valueName, help: "Seed for \(purpose).", defaultValue: String(defaultSeed))
    }

    /// The seed in a parsed command line (``defaultSeed`` when absent).
    /// - Throws: ``UsageError`` for anything but a non-negative integer.
    public static func seed(in parsed: ParsedArguments) throws(UsageError) -> UInt64 {
        guard let text = parsed.value(name) else { return defaultSeed }
        guard let seed = UInt64(text) else {
            throw UsageError("option '\(name)' expects a non-negative integer, got '\(text)'", hint: "e.g. \(name)=\(defaultSeed)")
        }
        return seed
    }
}
