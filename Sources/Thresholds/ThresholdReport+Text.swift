import Foundation

/// Plain-text and Markdown renderings shared by the threshold reports.
enum ReportFormat {
    /// `value` with `digits` decimals, or "–" when nil.
    static func number(_ value: Double?, _ digits: Int = 3) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// A percentage with one decimal.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : String(format: "%.1f%%", 100 * Double(part) / Double(whole))
    }

    /// Columns padded to their widest cell; columns whose cells read as numbers align right.
    static func aligned(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0 ..< columns).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        let numeric = (0 ..< columns).map { c in
            rows.allSatisfy { c >= $0.count || $0[c].isEmpty || $0[c] == "–" || Double($0[c].replacingOccurrences(of: "%", with: "")) != nil }
        }
        return all.map { row in
            (0 ..< columns).map { c in
                let cell = c < row.count ? row[c] : ""
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric[c] ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table; `|` in cells escaped.
    static func markdown(_ header: [String], _ rows: [[String]]) -> String {
        let escape = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "| " + header.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in "---|" }.joined() + "\n"
        for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        return out
    }

    /// `text` cut to `limit` characters with an ellipsis, on one line.
    static func clip(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}

extension PairBenchmarkReport {
    /// Column headings of the results table.
    static let headings = ["set", "scorer", "pos", "neg", "ROC-AUC", "AP", "best-F1 τ", "F1", "P", "R", "P@90R", "P@90R τ"]

    /// The results table's cells, one row per set and scorer.
    func tableRows(includeThreshold: Bool) -> [[String]] {
        evaluations.map { e in
            var row = [e.dataset, e.scorer, String(e.positives), String(e.negatives),
                       ReportFormat.number(e.rocAUC), ReportFormat.number(e.averagePrecision),
                       ReportFormat.number(e.bestF1?.threshold), ReportFormat.number(e.bestF1?.f1),
                       ReportFormat.number(e.bestF1?.precision), ReportFormat.number(e.bestF1?.recall),
                       ReportFormat.number(e.precisionAt90Recall?.precision), ReportFormat.number(e.precisionAt90Recall?.threshold)]
            if includeThreshold {
                if hasOwnThresholds { row.append(ReportFormat.number(e.threshold, 2)) }
                row += [ReportFormat.number(e.atThreshold?.precision), ReportFormat.number(e.atThreshold?.recall),
                        ReportFormat.number(e.atThreshold?.f1)]
            }
            return row
        }
    }

    /// Whether some scorer is reported at a fixed threshold of its own (the fields probability's p*).
    var hasOwnThresholds: Bool { evaluations.contains { $0.threshold != threshold } }

    /// Headings, including the fixed-τ columns when a threshold is set (with a column of each
    /// row's own threshold when they differ).
    var allHeadings: [String] {
        if hasOwnThresholds { return Self.headings + ["fixed", "P@fixed", "R@fixed", "F1@fixed"] }
        return Self.headings + (threshold.map { t in ["P@τ \(ReportFormat.number(t, 2))", "R@τ", "F1@τ"] } ?? [])
    }

    /// Per set with kinds: the headings and rows of its accuracy-by-kind table (a column per scorer,
    /// at that scorer's fixed threshold).
    var kindTables: [(set: String, headings: [String], rows: [[String]])] {
        sets.compactMap { set in
            let scored = evaluations.filter { $0.dataset == set.name && !$0.kinds.isEmpty }
            guard let first = scored.first else { return nil }
            let headings = ["kind", "pairs", "duplicates"] + scored.map { "\($0.scorer) @ \(ReportFormat.number($0.threshold, 2))" }
            let rows = first.kinds.map { kind in
                [kind.kind, String(kind.count), String(kind.positives)] + scored.map { e in
                    ReportFormat.number(e.kinds.first { $0.kind == kind.kind }?.accuracy)
                }
            }
            return (set.name, headings, rows)
        }
    }

    /// Dropped-group lines ("sts-dev.csv / hashed-ngrams: label E: 41 pairs, mean 0.61, 12 at or above τ").
    var droppedLines: [String] {
        evaluations.flatMap { e in
            e.dropped.map { group in
                var text = "\(e.dataset) / \(e.scorer): \(group.group): \(group.count) pairs, mean score \(ReportFormat.number(group.meanScore))"
                if let above = group.atOrAboveThreshold, let t = threshold {
                    text += ", \(above) (\(ReportFormat.percent(above, of: group.count))) at or above τ \(ReportFormat.number(t, 2))"
                }
                return text
            }
        }
    }

    /// A terminal table with notes.
    public func text() -> String {
        var out = title + (threshold.map { " (fixed τ = \(ReportFormat.number($0, 2)))" } ?? "") + "\n\n"
        out += ReportFormat.aligned(allHeadings, tableRows(includeThreshold: threshold != nil)) + "\n\n"
        for set in sets { out += "\(set.name): \(set.notes.joined(separator: "; "))\n" }
        if !droppedLines.isEmpty { out += "\nDropped pairs, scored anyway:\n" + droppedLines.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        for table in kindTables {
            out += "\nAccuracy by kind on \(table.set) (score >= each scorer's fixed threshold):\n"
            out += ReportFormat.aligned(table.headings, table.rows) + "\n"
        }
        out += "\nPositive = duplicate. ROC-AUC counts ties as one half; AP is average precision; best-F1 τ: score >= τ predicts duplicate.\n"
        return out
    }

    /// A Markdown section (for Benchmarks/THRESHOLDS.md).
    public func markdown() -> String {
        var out = "## \(title)\n\n"
        out += ReportFormat.markdown(allHeadings, tableRows(includeThreshold: threshold != nil)) + "\n"
        for set in sets { out += "- `\(set.name)`: \(set.notes.joined(separator: "; ")).\n" }
        if !droppedLines.isEmpty { out += "\nDropped pairs, scored anyway:\n\n" + droppedLines.map { "- " + $0 + "\n" }.joined() }
        for table in kindTables {
            out += "\nAccuracy by kind on `\(table.set)` (score >= each scorer's fixed threshold):\n\n"
            out += ReportFormat.markdown(table.headings, table.rows)
        }
        return out + "\n"
    }
}

extension DatasetSweepReport {
    /// The sweep table's cells.
    var tableRows: [[String]] {
        rows.map { [ReportFormat.number(Double($0.threshold), 2), String($0.kept), String($0.removed), ReportFormat.percent($0.removed, of: count)] }
    }

    /// A terminal report: sweep table, chosen τ, example pairs by band.
    public func text(width: Int = 70) -> String {
        var out = "\(count) items from \(source), encoder \(encoder)\n"
        out += "\(pairsAtOrAboveMinimum) pairs score at or above τ = \(ReportFormat.number(Double(rows.first?.threshold ?? 0), 2))\n\n"
        out += ReportFormat.aligned(["τ", "kept", "removed", "removed %"], tableRows) + "\n\n"
        out += "Chosen τ = \(ReportFormat.number(Double(chosenThreshold), 2)) (\(chosenBecause)): keeps \(keptAtChosen) of \(count)\n"
        for note in notes { out += "note: \(note)\n" }
        if let heuristic {
            out += "SPB-2508 rule (same first background word and > 2 shared traits): flags \(heuristic.flaggedAgainstAnyEarlier) items against any earlier persona, "
                + "\(heuristic.flaggedAgainstPrevious20) against the previous 20; \(heuristic.flaggedAndRemovedAtThreshold) of the former are also removed at the chosen τ\n"
        }
        for band in bands.reversed() {
            out += "\n[\(ReportFormat.number(Double(band.lower), 2)), \(ReportFormat.number(Double(band.upper), 2))): \(band.pairCount) pair\(band.pairCount == 1 ? "" : "s")"
            out += band.lower >= chosenThreshold ? " — removed at τ if the earlier one is kept\n" : " — kept at τ\n"
            for example in band.examples {
                out += "  \(ReportFormat.number(Double(example.score), 4))  \(example.earlierName): \(ReportFormat.clip(example.earlierText, width))\n"
                out += "          \(example.laterName): \(ReportFormat.clip(example.laterText, width))\n"
            }
        }
        return out
    }

    /// A Markdown section: the sweep table and a few example pairs on each side of τ.
    public func markdown(title: String, examplesPerSide: Int = 2) -> String {
        var out = "## \(title)\n\n\(count) items from `\(source)`, encoder `\(encoder)`; "
        out += "chosen τ = \(ReportFormat.number(Double(chosenThreshold), 2)) (\(chosenBecause)) keeps \(keptAtChosen).\n\n"
        out += ReportFormat.markdown(["τ", "kept", "removed", "removed %"], tableRows) + "\n"
        for note in notes { out += "Note: \(note).\n\n" }
        let above = bands.filter { $0.lower >= chosenThreshold }.flatMap(\.examples).prefix(examplesPerSide)
        let below = bands.filter { $0.lower < chosenThreshold }.reversed().flatMap(\.examples).prefix(examplesPerSide)
        let rows = (above.map { ("removed", $0) } + below.map { ("kept", $0) }).map { side, example in
            [ReportFormat.number(Double(example.score), 3), side, ReportFormat.clip(example.earlierText, 110), ReportFormat.clip(example.laterText, 110)]
        }
        if !rows.isEmpty {
            out += "Pairs just above and below τ:\n\n" + ReportFormat.markdown(["score", "at τ", "earlier", "later"], rows) + "\n"
        }
        return out
    }
}
