import Analysis
import Foundation
import LinearAlgebra
import PersonaKit
import VectorIndex

/// `spb-analyze dedup --against REFERENCE`: the input records within τ of a record of one or more
/// reference datasets (a published set to extend, a test set to keep out of training data). They are
/// dropped before the input is deduplicated against itself, each naming its closest reference record.
public struct ReferenceMatches: Sendable, Equatable {
    /// One dropped input record and the reference record it is closest to.
    public struct Match: Sendable, Equatable {
        /// The input row.
        public var row: Int
        /// The reference file, as given.
        public var reference: String
        /// The reference record's id (its own id, else its line or row number).
        public var referenceID: String
        /// Their cosine similarity.
        public var score: Float
    }

    /// `dedup-report.json`'s `against` section.
    public struct Summary: Sendable, Codable, Equatable {
        /// The reference files, as given.
        public var references: [String]
        /// Reference records compared against.
        public var referenceRows: Int
        /// Input records dropped for a reference match (listed in ``ReferenceMatches/fileName``).
        public var dropped: Int
        /// Seconds spent reading and embedding the references and scoring the input against them.
        public var seconds: Double
    }

    /// One match per matched input row, in input order.
    public var matches: [Match]

    /// The file listing the matches.
    public static let fileName = "against.csv"

    /// The input rows within `threshold` of any reference row, each with its best reference.
    /// - Parameters:
    ///   - input: unit rows.
    ///   - references: unit rows of each reference, with the file each came from.
    /// - Throws: `InputError` naming a reference whose dimension differs from the input's.
    /// - Complexity: O(n · m · d) for n input and m reference rows (blocked sgemm).
    public static func find(_ input: DedupInput, in references: [DedupInput], threshold: Float) throws -> ReferenceMatches {
        var best = [Int: Match]()
        for reference in references {
            guard reference.vectors.columns == input.vectors.columns else {
                throw InputError(file: reference.source, line: nil, field: nil,
                                 message: "\(reference.vectors.columns)-dimensional rows, the input has \(input.vectors.columns)")
            }
            for pair in VectorIndex.crossJoin(input.vectors, reference.vectors, threshold: threshold)
            where best[pair.query].map({ pair.score > $0.score }) ?? true {
                best[pair.query] = Match(row: pair.query, reference: reference.source, referenceID: reference.ids[pair.row], score: pair.score)
            }
        }
        return ReferenceMatches(matches: best.values.sorted { $0.row < $1.row })
    }

    /// `input` without the matched rows, in input order.
    /// - Complexity: O(n · d).
    public func remaining(of input: DedupInput) -> DedupInput {
        let dropped = Set(matches.map(\.row))
        let d = input.vectors.columns
        var storage = [Float]()
        var ids = [String]()
        storage.reserveCapacity((input.vectors.rows - dropped.count) * d)
        for row in 0 ..< input.vectors.rows where !dropped.contains(row) {
            storage += input.vectors.storage[row * d ..< (row + 1) * d]
            ids.append(input.ids[row])
        }
        return DedupInput(vectors: Matrix(rows: ids.count, columns: d, storage: storage), ids: ids, kind: input.kind, source: input.source)
    }

    /// Writes ``fileName`` (`dropped_id,reference,reference_id,score`, input order) into `directory`.
    public func write(ids: [String], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var text = "dropped_id,reference,reference_id,score\n"
        for match in matches {
            text += [ids[match.row], match.reference, match.referenceID].map(NotebookFiles.csvField).joined(separator: ",")
                + "," + String(format: "%.6f", match.score) + "\n"
        }
        try Data(text.utf8).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}
