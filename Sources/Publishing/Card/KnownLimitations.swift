import Analysis

/// The card's "Known limitations", written from what the audit measured: each sentence states a
/// figure from the report and appears only when that figure crosses the limit documented here.
public enum KnownLimitations {
    /// An opening or phrase template is reported when it occurs in at least this share of documents.
    public static let phraseShare = 0.05
    /// A trope cluster is reported when it holds at least this many times an even share (1/k).
    public static let clusterOverweight = 1.5
    /// A drop in per-window Vendi or novelty, first to last window, is reported from this relative size.
    public static let driftDrop = 0.10
    /// A component's fit is reported as poor from this Jensen-Shannon divergence (bits).
    public static let poorFitBits = 0.10
    /// A component is reported when more than this share of its observations matched no intended value.
    public static let unmatchedShare = 0.20

    /// The limitation sentences (Markdown), most serious first; empty when nothing crossed a limit.
    public static func sentences(_ facts: CardFacts) -> [String] {
        let report = facts.report
        let n = report.input.count
        var lines = [String]()
        func share(_ count: Int) -> String { Format.percent(n > 0 ? Double(count) / Double(n) : 0) }

        if let unreadable = report.unreadable, unreadable.count > 0 {
            let scripts = unreadable.byScript.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \(Format.count($0.value))" }.joined(separator: ", ")
            lines.append("\(Format.count(unreadable.count)) texts (\(Format.percent(unreadable.share))) are mostly unreadable to the embedding model "
                + "(more than \(Format.percent(unreadable.limit)) of their characters; by script: \(scripts)). They may not be in English, "
                + "and the embedding-based measurements below (near-duplicates, diversity, trope clusters, drift) leave them out.")
        }
        if let validity = report.validity {
            if validity.personasWithViolations > 0 {
                let top = validity.violationsByRule.first.map { " (most often `\($0.rule)`: \(Format.count($0.count)))" } ?? ""
                lines.append("\(Format.count(validity.personasWithViolations)) personas (\(share(validity.personasWithViolations))) break a rule of the persona format\(top).")
            }
            if validity.exactDuplicateExtras > 0 {
                lines.append("\(Format.count(validity.exactDuplicateExtras)) exact duplicate copies in \(Format.count(validity.exactDuplicateGroups)) groups.")
            }
        }
        let near = report.nearDuplicates
        if near.clusterCount > 0 {
            lines.append("\(Format.count(near.clusterCount)) near-duplicate clusters at τ = \(Format.decimal(near.threshold, 2)) hold "
                + "\(Format.count(near.itemsInClusters)) items (\(share(near.itemsInClusters))).")
        }
        let field = report.tropes.phraseField
        for phrase in report.tropes.openings where phrase.share >= phraseShare {
            lines.append("One opening, “\(MarkdownText.inline(phrase.phrase)) …”, starts \(Format.percent(phrase.share)) of the \(field) texts.")
        }
        for phrase in report.tropes.patterns where phrase.share >= phraseShare {
            lines.append("The template “\(MarkdownText.inline(phrase.phrase))” appears in \(Format.percent(phrase.share)) of the \(field) texts.")
        }
        let tropes = report.tropes
        if tropes.k > 1, let largest = tropes.clusters.max(by: { $0.share < $1.share }), largest.share >= clusterOverweight / Double(tropes.k) {
            lines.append("The largest of \(tropes.k) trope clusters (\(MarkdownText.inline(largest.terms.prefix(5).joined(separator: ", ")))) holds "
                + "\(Format.percent(largest.share)) of the items, against \(Format.percent(1 / Double(tropes.k))) for an even spread.")
        }
        if let first = report.drift.windows.first, let last = report.drift.windows.last, report.drift.windows.count > 1 {
            if first.vendi > 0, (first.vendi - last.vendi) / first.vendi >= driftDrop {
                lines.append("Diversity fell over the run: Vendi per window of \(report.drift.windowSize) went from "
                    + "\(Format.decimal(first.vendi, 1)) to \(Format.decimal(last.vendi, 1)) (\(report.drift.orderSource)).")
            }
            if first.novelty > 0, (first.novelty - last.novelty) / first.novelty >= driftDrop {
                lines.append("Novelty fell over the run: \(Format.percent(first.novelty)) of the first window's items and "
                    + "\(Format.percent(last.novelty)) of the last window's had no earlier item at τ or above.")
            }
        }
        if let fit = report.fit {
            for component in fit.components {
                let name = component.name.replacingOccurrences(of: "_", with: " ")
                let values = intendedValues(component.name, facts)
                if let js = component.jensenShannon, js >= poorFitBits, let values, component.observations < minimumObservationsPerValue * values {
                    lines.append("The fit of \(name) to the intended weights cannot be judged yet: \(Format.count(component.observations)) observations "
                        + "for \(Format.count(values)) intended values, so its Jensen-Shannon divergence (\(Format.decimal(js, 3)) bits) is mostly sampling noise.")
                } else if let js = component.jensenShannon, js >= poorFitBits {
                    let top = component.largestResiduals.first.map { "; furthest: \(MarkdownText.inline($0.value)) \(signedPercent($0.residual))" } ?? ""
                    lines.append("\(name.prefix(1).uppercased() + name.dropFirst()) are far from the intended weights: Jensen-Shannon divergence \(Format.decimal(js, 3)) bits\(top).")
                }
                let total = component.observations + component.unmatched
                if total > 0, Double(component.unmatched) / Double(total) > unmatchedShare {
                    lines.append("\(Format.count(component.unmatched)) of \(Format.count(total)) \(component.name) observations "
                        + "(\(Format.percent(Double(component.unmatched) / Double(total)))) matched no intended value.")
                }
            }
            if let outside = fit.agesOutsideProfessionRange, outside > 0 {
                lines.append("\(Format.count(outside)) personas have an age outside their profession's range.")
            }
        }
        return lines
    }

    /// Below this many observations per intended value, a divergence is called sampling noise, not poor fit.
    public static let minimumObservationsPerValue = 5

    /// How many values the components file lists for a fit component name (`professions`, `life_contexts`, …).
    static func intendedValues(_ name: String, _ facts: CardFacts) -> Int? {
        guard let components = facts.components?.components else { return nil }
        switch name {
        case "professions": return components.professions.count
        case "life_contexts": return components.lifeContexts.count
        case "traits": return components.traits.count
        case "chatting_quirks": return components.chattingQuirks.count
        default: return nil
        }
    }

    /// `+1.2%` or `-3.4%`.
    static func signedPercent(_ share: Double) -> String { (share >= 0 ? "+" : "") + Format.percent(share) }
}
