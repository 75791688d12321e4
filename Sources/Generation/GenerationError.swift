import Foundation
import PersonaKit
import RunFormat

/// An error from loading generation inputs, a run directory or running the loop.
///
/// A struct over a private code (the shape of async-http-client's `HTTPClientError`): each kind of
/// failure is made by one static member that words it, naming the file, line, field and value where they
/// apply, and never a command-line flag. Callers tell kinds apart by ``code``; `spb-generate` maps them to
/// exit codes and hints (``GenerateCommandLine``), the library does not.
public struct GenerationError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure an error is, for callers that act on it (`error.code == .runDirectoryInUse`).
    /// New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case badData, fileSystem, runDirectoryNotEmpty, nothingToResume, runDirectoryInUse, avoidSetsUnusable
            case missingResource, encoder, selection, duplicateIdentifier
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// Bad content in an input or run file; ``GenerationError/input`` names the file, line and field.
        public static let badData = Code(.badData)
        /// A file or directory could not be created, read, written or removed.
        public static let fileSystem = Code(.fileSystem)
        /// A fresh run was asked for in a directory that holds files.
        public static let runDirectoryNotEmpty = Code(.runDirectoryNotEmpty)
        /// A run was to be resumed in a directory without a manifest.
        public static let nothingToResume = Code(.nothingToResume)
        /// Another live generator holds the run directory's lock.
        public static let runDirectoryInUse = Code(.runDirectoryInUse)
        /// The run's gate cannot hold its avoid sets (``AvoidSet/Problem``).
        public static let avoidSetsUnusable = Code(.avoidSetsUnusable)
        /// A resource of this build is missing.
        public static let missingResource = Code(.missingResource)
        /// The encoder failed or returned the wrong shape.
        public static let encoder = Code(.encoder)
        /// Selection steering could not choose the personas to keep.
        public static let selection = Code(.selection)
        /// An identifier was about to be written twice.
        public static let duplicateIdentifier = Code(.duplicateIdentifier)

        /// The code's name, e.g. `runDirectoryInUse`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What went wrong, naming the file, line, field and value where they apply.
    public let message: String
    /// The file, line and field at fault, for bad content in a file (``Code/badData``); nil otherwise.
    public let input: InputError?

    private init(_ code: Code, _ message: String, input: InputError? = nil) {
        self.code = code
        self.message = message
        self.input = input
    }

    /// The message.
    public var description: String { message }

    /// Bad content in an input or run file, at `line` and `field` when known.
    static func data(_ file: String, line: Int? = nil, field: String? = nil, _ message: String) -> GenerationError {
        let input = InputError(file: file, line: line, field: field, message: message)
        return GenerationError(.badData, input.description, input: input)
    }

    /// `path` could not be created, read, written or removed: `problem` says which, and why.
    static func fileSystem(_ path: String, _ problem: String) -> GenerationError {
        GenerationError(.fileSystem, "\(path): \(problem)")
    }

    /// `action` on `path` failed with `error` (`cannot write`, `cannot remove`, …).
    static func fileSystem(_ path: String, _ action: String, _ error: any Error) -> GenerationError {
        fileSystem(path, "\(action) (\(error.localizedDescription))")
    }

    /// A fresh run in a `directory` that holds files.
    static func runDirectoryNotEmpty(_ directory: URL) -> GenerationError {
        GenerationError(.runDirectoryNotEmpty, "\(directory.path) is not empty")
    }

    /// A resumed run in a `directory` without a manifest.
    static func nothingToResume(_ directory: URL) -> GenerationError {
        GenerationError(.nothingToResume, "\(directory.path) holds no \(RunFiles.manifest): nothing to resume")
    }

    /// `directory` is locked (`lockFile`) by the live process `pid`.
    static func runDirectoryInUse(_ directory: URL, pid: Int32, lockFile: String) -> GenerationError {
        GenerationError(.runDirectoryInUse, "\(directory.path) is in use by another spb-generate (PID \(pid)); wait for it or stop it, "
            + "or remove \(lockFile) if that is wrong")
    }

    /// The run's gate cannot hold its avoid sets.
    static func avoidSetsUnusable(_ problem: AvoidSet.Problem) -> GenerationError {
        GenerationError(.avoidSetsUnusable, problem.description)
    }

    /// The bundled resource `name` is missing from this build.
    static func missingResource(_ name: String) -> GenerationError {
        GenerationError(.missingResource, "the bundled \(name) resource is missing from this build")
    }

    /// `encoder` failed to embed (persona fields, when `fields`).
    static func embeddingFailed(encoder: String, fields: Bool = false, _ error: any Error) -> GenerationError {
        GenerationError(.encoder, "embedding\(fields ? " persona fields" : "") with \(encoder) failed: \(error)")
    }

    /// `encoder` returned a `rows × columns` matrix for `texts` texts.
    static func encoderShape(encoder: String, rows: Int, columns: Int, texts: Int) -> GenerationError {
        GenerationError(.encoder, "encoder \(encoder) returned \(rows)x\(columns) for \(texts) texts")
    }

    /// No encoder was given where one is needed (a dry run embeds nothing).
    static let noEncoder = GenerationError(.encoder, "no encoder in a dry run")

    /// Selection steering failed with `error`.
    static func selection(_ error: any Error) -> GenerationError {
        GenerationError(.selection, "selection: \(error)")
    }

    /// `id` is already in `personas.jsonl`.
    static func duplicateIdentifier(_ id: String) -> GenerationError {
        GenerationError(.duplicateIdentifier, "identifier \(id) is already in \(RunFiles.personas)")
    }
}
