import Analysis

/// The card's YAML front matter, as the Hugging Face Hub reads it.
enum CardHeader {
    /// The front matter, from `---` to `---`: a license placeholder the authors must replace,
    /// `language` (with a comment when the audit found texts the model cannot read),
    /// `task_categories`, `size_categories` from the item count, `pretty_name`, `tags`, and
    /// `configs` naming the split files (``PublishedFiles``, JSONL or Parquet) when a split was found, else one train file.
    static func yaml(_ facts: CardFacts) -> [String] {
        var lines = ["---"]
        lines.append("# ✍️ TO BE CHOSEN BY THE DATASET'S AUTHORS: replace `other` with a license identifier from")
        lines.append("# https://huggingface.co/docs/hub/repositories-licenses (the generator cannot choose it).")
        lines.append("license: other")
        lines.append("language:")
        lines.append("- en")
        if let unreadable = facts.report.unreadable, unreadable.count > 0 {
            lines.append("# the audit found \(Format.count(unreadable.count)) texts (\(Format.percent(unreadable.share))) mostly unreadable to its English embedding model; see Known limitations")
        }
        lines.append("# `conversational` is no longer a Hub task category; persona data for dialogue is text-generation.")
        lines.append("task_categories:")
        lines.append("- text-generation")
        lines.append("size_categories:")
        lines.append("- \(facts.sizeCategory)")
        lines.append("pretty_name: \(MarkdownText.yamlQuoted(facts.prettyName))")
        lines.append("tags:")
        lines.append("- synthetic")
        lines.append("- personas")
        lines.append("configs:")
        lines.append("- config_name: default")
        lines.append("  data_files:")
        if let split = facts.split, !split.files.isEmpty {
            for name in PublishedFiles.splits {
                guard let file = split.file(of: name) else { continue }
                lines.append("  - split: \(name)")
                lines.append("    path: \(file)")
            }
        } else {
            lines.append("  - split: train")
            lines.append("    path: \(MarkdownText.yamlQuoted(facts.dataFile))")
        }
        lines.append("---")
        return lines
    }
}
