import Foundation

extension AuditReport {
    /// `report.json`: pretty-printed, keys sorted (non-finite numbers, which should not occur, become strings).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// `summary.md`: the headline numbers and the largest problems, a page long.
    public func markdownSummary() -> String {
        var lines = ["# Audit of \(input.source)", ""]
        lines.append("\(Format.count(input.count)) \(input.personas ? "personas" : "texts") (\(input.format)), embedded with \(input.encoder) (d = \(input.dimension))"
            + (input.skippedRecords > 0 ? "; \(Format.count(input.skippedRecords)) bad records skipped." : "."))
        if let source = input.embeddingsSource, input.embeddingsReused { lines.append("Embeddings: \(source).") }
        if let bytes = peakResidentBytes { lines.append("Peak resident memory of the audit: \(Format.gigabytes(bytes)).") }
        lines.append("")
        lines.append("## Headline")
        lines.append("")
        lines.append("| measure | value |")
        lines.append("|---|---|")
        for (name, value) in headline { lines.append("| \(name) | \(value) |") }
        if let validity, !validity.violationsByRule.isEmpty {
            lines += ["", "## Rule violations", ""]
            for rule in validity.violationsByRule { lines.append("- `\(rule.rule)`: \(Format.count(rule.count)) (e.g. \(rule.examples.first.map { "\($0.id): \($0.text)" } ?? "—"))") }
        }
        if let validity, !validity.contentRules.isEmpty {
            lines += ["", "## Content rules (what spb-generate rejects; nothing dropped here)", ""]
            lines.append("\(Format.count(validity.personasBreakingContentRules)) personas break at least one; the prompt-echo rule looked for \(validity.contentPromptSource).")
            lines.append("")
            for rule in validity.contentRules {
                lines.append("- `\(rule.rule)`: \(Format.count(rule.count)) (e.g. \(rule.examples.first.map { "\($0.id): \($0.text)" } ?? "—"))")
            }
        }
        if let voice {
            lines += ["", "## Voice", ""]
            for (name, field) in [("backgrounds", voice.background), ("chatting styles", voice.chattingStyle)] {
                lines.append("- \(name): \(Format.percent(field.namingShare)) name their own persona, \(Format.percent(field.firstPersonShare)) are in the first person"
                    + (field.firstPersonExamples.first.map { " (e.g. \($0.id): \($0.text))" } ?? ""))
            }
        }
        if let unreadable, unreadable.count > 0 {
            let scripts = unreadable.byScript.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            lines += ["", "## Texts the model cannot read", ""]
            lines.append("\(Format.count(unreadable.count)) (\(Format.percent(unreadable.share))) have more than \(Format.percent(unreadable.limit)) of their characters unreadable "
                + "(by script: \(scripts.map { "\($0.key) \(Format.count($0.value))" }.joined(separator: ", "))); they are left out of near-duplicates, diversity, trope clusters and drift.")
            for example in unreadable.examples { lines.append("- \(example.id) (\(example.script), \(Format.percent(example.unreadableShare))): \(example.excerpt)") }
        }
        lines += ["", "## Trope clusters (k = \(tropes.k), \(tropes.chosenBy))", ""]
        for cluster in tropes.clusters.prefix(8) {
            lines.append("- \(Format.percent(cluster.share)) — \(cluster.terms.prefix(5).joined(separator: ", ")) (cohesion \(Format.decimal(cluster.cohesion)))")
        }
        if !tropes.patterns.isEmpty || !tropes.openings.isEmpty {
            lines += ["", "## Recurring phrasing (\(tropes.phraseField))", ""]
            for phrase in (tropes.openings.prefix(3) + tropes.patterns.prefix(4)) {
                lines.append("- “\(phrase.phrase) …” in \(Format.percent(phrase.share))")
            }
        }
        if let last = drift.windows.last, drift.windows.count > 1 {
            lines += ["", "## Drift (\(drift.windows.count) windows of \(drift.windowSize), \(drift.orderSource))", ""]
            lines.append("- Vendi per window: \(Format.decimal(drift.windows[0].vendi, 1)) → \(Format.decimal(last.vendi, 1)); distinct-2: \(Format.decimal(drift.windows[0].distinct2)) → \(Format.decimal(last.distinct2))")
            lines.append("- Centroid drift from the first window: \(Format.decimal(last.centroidDriftFromFirst, 4)); novelty \(Format.percent(drift.windows[0].novelty)) → \(Format.percent(last.novelty))")
            if let reset = drift.resetEffect { lines.append("- Resets (\(reset.resets)): \(reset.verdict)") }
        }
        if let fit {
            lines += ["", "## Fit (\(fit.source))", ""]
            for component in fit.components {
                let top = component.largestResiduals.prefix(3).map { "\($0.value) \($0.residual >= 0 ? "+" : "")\(Format.percent($0.residual))" }.joined(separator: "; ")
                lines.append("- \(component.name): JS divergence \(component.jensenShannon.map { Format.decimal($0, 3) } ?? "—") bits over \(Format.count(component.observations)) matched (\(Format.count(component.unmatched)) unmatched); largest residuals: \(top)")
            }
            if let outside = fit.agesOutsideProfessionRange { lines.append("- Ages outside the profession's range: \(Format.count(outside))") }
            for field in fit.fields {
                let top = field.topValues.prefix(3).map { "\($0.value) \(Format.percent($0.share))" }.joined(separator: "; ")
                var line = "- `\(field.field)`: \(Format.count(field.categories)) values, normalised entropy \(Format.decimal(field.normalizedEntropy, 3)) "
                    + "over \(Format.count(field.observations)) (\(Format.count(field.missing)) items without it); most frequent: \(top)"
                if let against = field.against {
                    line += "; against \(against.name): JS divergence \(against.jensenShannon.map { Format.decimal($0, 3) } ?? "—") bits (\(Format.count(against.unmatched)) unmatched)"
                }
                lines.append(line)
            }
        }
        if let steering { lines += ["", "## Steering", ""] + steering.markdownLines }
        lines += accuracyMarkdownLines
        if !notes.isEmpty { lines += ["", "## Notes", ""] + notes.map { "- \($0)" } }
        lines += ["", "Full report: `report.html`; every number: `report.json`; per-persona data: `notebooks-data/`.", ""]
        return lines.joined(separator: "\n")
    }

    /// The key numbers as (measure, value) rows, in reading order (shared by the Markdown and HTML
    /// views and the dataset card), values formatted with ``Format``.
    public var headline: [(String, String)] {
        var rows: [(String, String)] = [
            ("near-duplicate clusters at τ = \(Format.decimal(nearDuplicates.threshold, 2))", "\(Format.count(nearDuplicates.clusterCount)) (\(Format.count(nearDuplicates.itemsInClusters)) items)"),
            ("Vendi score (q = 1 / 2 / ∞)", "\(Format.decimal(diversity.vendi.order1, 1)) / \(Format.decimal(diversity.vendi.order2, 1)) / \(Format.decimal(diversity.vendi.orderInfinity, 1))"),
            ("mean pairwise cosine distance", diversity.meanPairwiseCosineDistance.map { Format.decimal($0, 3) } ?? "—"),
            ("mean nearest-neighbour similarity", diversity.meanNearestNeighbourSimilarity.map { Format.decimal($0, 3) } ?? "—"),
        ]
        if let unreadable {
            rows.insert(("texts the model cannot read (> \(Format.percent(unreadable.limit)) of characters)", "\(Format.count(unreadable.count)) (\(Format.percent(unreadable.share)))"), at: 0)
        }
        if let validity {
            rows.insert(("personas breaking a card rule", Format.count(validity.personasWithViolations)), at: 0)
            rows.insert(("personas breaking a content rule", Format.count(validity.personasBreakingContentRules)), at: 1)
            rows.insert(("exact duplicates (SPB key)", "\(Format.count(validity.exactDuplicateExtras)) extra copies in \(Format.count(validity.exactDuplicateGroups)) groups"), at: 2)
        }
        if let text = diversity.distinct["background"] ?? diversity.distinct["text"] {
            rows.append(("distinct-1/2/3 (\(diversity.distinct["background"] == nil ? "text" : "backgrounds"))", text.map { Format.decimal($0, 3) }.joined(separator: " / ")))
        }
        for (name, value) in diversity.entropy.sorted(by: { $0.key < $1.key }) {
            rows.append(("entropy of \(name)", "\(Format.decimal(value.bits, 2)) bits over \(Format.count(value.categories)) values (normalised \(Format.decimal(value.normalized, 2)))"))
        }
        return rows
    }
}

/// Number formatting for the human-readable views (the audit's pages and the dataset card).
public enum Format {
    /// `12,345`.
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// Fixed decimals; "—" for non-finite values.
    public static func decimal(_ value: Double, _ places: Int = 3) -> String {
        value.isFinite ? String(format: "%.\(places)f", value) : "—"
    }

    /// `12.3%`.
    public static func percent(_ share: Double) -> String { share.isFinite ? String(format: "%.1f%%", share * 100) : "—" }

    /// `1.23 GB` (decimal gigabytes).
    public static func gigabytes(_ bytes: Int) -> String { String(format: "%.2f GB", Double(bytes) / 1e9) }
}
