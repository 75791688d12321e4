import Foundation

extension SplitReport {
    /// `split-report.json`: pretty-printed, keys sorted.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// A few lines for standard output: sizes and the leakage of both splits.
    public func summary() -> String {
        let tau = String(format: "%.2f", settings.threshold)
        var lines = ["\(input.items) items → " + zip(PublishedFiles.splits, groupAware.sizes).map { "\($0) \($1)" }.joined(separator: ", ")
                     + " (\(groups.duplicateGroups) near-duplicate groups at τ = \(tau), \(groups.itemsInDuplicateGroups) items)"]
        for (name, outcome) in [("group-aware split", groupAware), ("random split", random)] {
            lines.append("\(name): \(outcome.leakage.leaked) of \(outcome.leakage.items) validation/test items have a train neighbour at cosine ≥ \(tau)"
                         + " (\(String(format: "%.1f%%", share(outcome.leakage) * 100)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `split-report.md`: settings, sizes, leakage of both splits, stratification.
    public func markdown() -> String {
        let tau = String(format: "%.2f", settings.threshold)
        var lines = ["# Split of \(input.source)", ""]
        lines.append("\(input.items) items (\(input.format)), embeddings: \(input.encoder). Ratios \(settings.ratios.map { String(format: "%.2f", $0) }.joined(separator: " / ")), "
                     + "seed \(settings.seed), τ = \(tau)" + (settings.holdOutBy.map { ", held out by \($0)" } ?? "") + ".")
        lines += ["", "Every group of near-duplicates (connected components of the pairs at cosine ≥ τ) lies inside one split; "
                  + "groups are assigned largest first, each to the split whose size and category shares it helps most.", ""]
        lines += ["## Groups", "", "| measure | value |", "|---|---|",
                  "| pairs at cosine ≥ τ | \(groups.pairs) |", "| near-duplicate groups (≥ 2 items) | \(groups.duplicateGroups) |",
                  "| items in them | \(groups.itemsInDuplicateGroups) |", "| largest group | \(groups.largestDuplicateGroup) |",
                  "| groups moved whole (single items included) | \(groups.groups) |", "| texts the model cannot read (own group each) | \(input.unreadable) |"]
        if let heldOut {
            lines += ["", "## Held out", "",
                      "The test split holds whole values of `\(heldOut.by)`: \(heldOut.valuesInTest) of \(heldOut.values) values; no other split has any item with these values. "
                      + "Train and validation share the other values. Values tied by near-duplicates form \(heldOut.units) units, taken whole. "
                      + "\(heldOut.itemsWithoutValue) items without a value are never in test. "
                      + "The stratification table shows the held-out variable far from the whole set's shares by construction."]
        }
        lines += ["", "## Sizes", "", "| split | group-aware | random |", "|---|---|---|"]
        for (index, name) in PublishedFiles.splits.enumerated() { lines.append("| \(name) | \(groupAware.sizes[index]) | \(random.sizes[index]) |") }
        lines += ["", "## Leakage", "", "Validation and test items whose nearest train item is at cosine ≥ \(tau) (readable items only).", "",
                  "| split | items | group-aware leaked | random leaked |", "|---|---|---|---|"]
        for (mine, theirs) in zip(groupAware.leakage.parts, random.leakage.parts) {
            lines.append("| \(mine.split) | \(mine.items) | \(mine.leaked) (\(String(format: "%.1f%%", mine.leakedShare * 100))) | "
                         + "\(theirs.leaked) of \(theirs.items) (\(String(format: "%.1f%%", theirs.leakedShare * 100))) |")
        }
        lines += ["", "Nearest-train similarity of validation + test items:", "", "| quantile | group-aware | random |", "|---|---|---|"]
        let mine = groupAware.leakage.combined, theirs = random.leakage.combined
        for (index, level) in LeakageReport.quantileLevels.enumerated() {
            lines.append("| \(String(format: "%.2f", level)) | \(format(mine.quantiles?[index].value)) | \(format(theirs.quantiles?[index].value)) |")
        }
        lines += ["", "| similarity | group-aware | random |", "|---|---|---|"]
        for (bin, other) in zip(mine.histogram, theirs.histogram) {
            lines.append("| \(String(format: "%.2f–%.2f", bin.lower, bin.upper)) | \(bin.count) | \(other.count) |")
        }
        lines += ["", "## Stratification", "", "Largest gap between a category's share in a split and in the whole set (percentage points).", "",
                  "| variable | split | group-aware | random |", "|---|---|---|---|"]
        for deviation in groupAware.stratification.deviations {
            let baseline = random.stratification.deviations.first { $0.variable == deviation.variable && $0.split == deviation.split }
            lines.append("| \(deviation.variable) (\(deviation.categories)) | \(deviation.split) | \(String(format: "%.1f", deviation.maxDeviationPoints)) (\(deviation.category)) | "
                         + "\(baseline.map { String(format: "%.1f", $0.maxDeviationPoints) } ?? "—") |")
        }
        if !notes.isEmpty { lines += ["", "## Notes", ""] + notes.map { "- " + $0 } }
        return lines.joined(separator: "\n") + "\n"
    }

    private func share(_ leakage: LeakageReport) -> Double { leakage.combined.leakedShare }

    private func format(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "—" }
}
