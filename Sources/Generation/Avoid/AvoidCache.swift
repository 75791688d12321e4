import Foundation
import LinearAlgebra
import RunFormat

/// `RUN_DIR/avoid/`: the embeddings of the run's avoid sets, so `--resume` and a rerun with `--force` do
/// not embed an unchanged file again.
///
/// Per file, named by its SHA-256: `<sha256>.f32`, the whole-text embeddings (``EmbeddingFile`` format,
/// row i for record i); with the field-aware score `<sha256>.fields.f32` (``FieldRows``); and
/// `<sha256>.json`, the ``Entry`` saying how they were made. The rows are used only when the entry
/// matches the run in every respect (file, format, encoder, text template, name masking, record count)
/// and the files hold exactly its rows; otherwise the set is embedded again and the reason given.
/// The entry is written last, so a stop while writing leaves no entry vouching for partial files.
struct AvoidCache {
    /// How one file's rows were made.
    struct Entry: Codable, Equatable {
        /// The avoid file's absolute path.
        var source: String
        /// Its size in bytes.
        var bytes: Int
        /// Its SHA-256 (hex).
        var sha256: String
        /// The ``PersonaKit/InputFormat`` name it was read as.
        var format: String
        /// `TextEncoder.identifier` of the encoder.
        var encoderIdentifier: String
        /// Embedding length.
        var embeddingDimension: Int
        /// The persona text template's source.
        var textTemplate: String
        /// The template's name masking (``PersonaKit/PersonaTextTemplate/nameMasking``).
        var nameMasking: String
        /// Records embedded.
        var rows: Int
        /// Whether `<sha256>.fields.f32` holds their field vectors too.
        var fields: Bool

        enum CodingKeys: String, CodingKey {
            case source, bytes, sha256, format, rows, fields
            case encoderIdentifier = "encoder_identifier"
            case embeddingDimension = "embedding_dimension"
            case textTemplate = "text_template"
            case nameMasking = "name_masking"
        }
    }

    /// Cached rows, or why there are none to use.
    enum Lookup {
        /// Whole-text embeddings and, when the entry has them, field rows.
        case hit(whole: Matrix, fields: Matrix?)
        /// Why the file must be embedded (a sentence fragment for a note).
        case miss(String)
    }

    /// The folder's name inside the run directory.
    static let folderName = "avoid"

    /// `RUN_DIR/avoid`.
    let folder: URL

    /// The cache of the run in `directory`.
    init(directory: URL) {
        folder = directory.appendingPathComponent(Self.folderName)
    }

    /// The rows made the way `wanted` says, when cached; field rows are needed only when `wanted.fields`.
    func lookup(_ wanted: Entry) -> Lookup {
        guard let entry = entry(sha256: wanted.sha256) else {
            if let stale = entries().first(where: { $0.source == wanted.source }) {
                return .miss("the file changed since it was cached (sha256 \(stale.sha256.prefix(12))… then, \(wanted.sha256.prefix(12))… now)")
            }
            return .miss("not cached yet")
        }
        if entry.encoderIdentifier != wanted.encoderIdentifier || entry.embeddingDimension != wanted.embeddingDimension {
            return .miss("cached with encoder \(entry.encoderIdentifier), the run uses \(wanted.encoderIdentifier)")
        }
        if entry.textTemplate != wanted.textTemplate || entry.nameMasking != wanted.nameMasking {
            return .miss("cached with text template \"\(entry.textTemplate)\" and name masking \(entry.nameMasking), the run uses "
                + "\"\(wanted.textTemplate)\" and \(wanted.nameMasking)")
        }
        if entry.format != wanted.format { return .miss("cached as \(entry.format), now read as \(wanted.format)") }
        if entry.rows != wanted.rows { return .miss("cached with \(entry.rows) records, the file now gives \(wanted.rows)") }
        if wanted.fields, !entry.fields { return .miss("cached without the field vectors --score fields needs") }
        let dimension = wanted.embeddingDimension
        guard let whole = rows(wholeURL(wanted.sha256), count: wanted.rows, width: dimension) else {
            return .miss("the cached embeddings are missing or incomplete")
        }
        guard wanted.fields else { return .hit(whole: whole, fields: nil) }
        guard let fields = rows(fieldsURL(wanted.sha256), count: wanted.rows, width: FieldRows.width(dimension: dimension)) else {
            return .miss("the cached field vectors are missing or incomplete")
        }
        return .hit(whole: whole, fields: fields)
    }

    /// Writes the rows and then `entry`, replacing an older entry of the same file (another checksum).
    /// - Throws: ``GenerationError`` when a file cannot be written or removed.
    func store(_ entry: Entry, whole: Matrix, fields: Matrix?) throws {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw GenerationError.fileSystem(folder.path, "cannot create directory", error)
        }
        for stale in entries() where stale.source == entry.source && stale.sha256 != entry.sha256 {
            for url in [entryURL(stale.sha256), wholeURL(stale.sha256), fieldsURL(stale.sha256)] where FileManager.default.fileExists(atPath: url.path) {
                do { try FileManager.default.removeItem(at: url) } catch {
                    throw GenerationError.fileSystem(url.path, "cannot remove", error)
                }
            }
        }
        try EmbeddingFile.write(whole, to: wholeURL(entry.sha256))
        if let fields { try EmbeddingFile.write(fields, to: fieldsURL(entry.sha256)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = entryURL(entry.sha256)
        do { try encoder.encode(entry).write(to: url, options: .atomic) } catch {
            throw GenerationError.fileSystem(url.path, "cannot write", error)
        }
    }

    func entryURL(_ sha256: String) -> URL { folder.appendingPathComponent("\(sha256).json") }
    func wholeURL(_ sha256: String) -> URL { folder.appendingPathComponent("\(sha256).f32") }
    func fieldsURL(_ sha256: String) -> URL { folder.appendingPathComponent("\(sha256).fields.f32") }

    /// The entry of the file with this checksum, when one is cached and readable.
    private func entry(sha256: String) -> Entry? {
        guard let data = try? Data(contentsOf: entryURL(sha256)) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: data)
    }

    /// Every readable entry in the folder.
    private func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { entry(sha256: String($0.dropLast(".json".count))) }
    }

    /// The rows of the file at `url` when it holds exactly `count` rows of `width` floats.
    private func rows(_ url: URL, count: Int, width: Int) -> Matrix? {
        guard let stored = try? EmbeddingFile.read(url), stored.columns == width, stored.rows == count else { return nil }
        return stored
    }
}
