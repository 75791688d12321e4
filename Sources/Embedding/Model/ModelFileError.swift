import Foundation

/// Why a model folder, weights file or configuration could not be loaded.
///
/// A struct over an open set of codes, so new failure kinds can be added without breaking
/// callers that switch on them. The description names the file and what was wrong with it.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A required file does not exist (the message says how to fetch it).
        public static let missingFile = Code("missing file")
        /// The file could not be read.
        public static let unreadable = Code("unreadable")
        /// The safetensors header length or JSON is invalid.
        public static let badHeader = Code("bad header")
        /// A tensor has a dtype other than the one requested.
        public static let unsupportedDType = Code("unsupported dtype")
        /// A tensor's data offsets fall outside the data section or disagree with its shape.
        public static let badOffsets = Code("bad offsets")
        /// A tensor holds NaN, infinite or absurdly large values.
        public static let nonFiniteValues = Code("non-finite values")
        /// A tensor the model needs is not in the file.
        public static let missingTensor = Code("missing tensor")
        /// A tensor has a different shape than the model needs.
        public static let wrongShape = Code("wrong shape")
        /// `config.json` or `sentence_bert_config.json` is invalid or describes another model.
        public static let badConfiguration = Code("bad configuration")
    }

    /// The kind of failure.
    public let code: Code
    /// The file concerned.
    public let file: String
    /// What was wrong, with the offending field and value.
    public let detail: String

    /// An error about `file`.
    public init(_ code: Code, file: URL, _ detail: String) {
        self.code = code
        self.file = file.path
        self.detail = detail
    }

    public var description: String { "\(file): \(code): \(detail)" }
}
