/// How the values of a leaf column are stored and turned into ``ParquetValue``s.
enum ValueKind: Sendable, Hashable {
    /// `BYTE_ARRAY` annotated as text (STRING, ENUM, JSON); invalid UTF-8 is a malformed file.
    case string
    /// Unannotated `BYTE_ARRAY`, read as a string when it is valid UTF-8 (otherwise unsupported binary).
    case byteArrayText
    /// Signed `INT32` (plain or INT_8/16/32).
    case int32
    /// `INT32` holding UINT_8/16/32 bit patterns.
    case uint32
    /// Signed `INT64`.
    case int64
    /// `INT64` holding UINT_64 bit patterns (values above `Int64.max` are unsupported).
    case uint64
    case float
    case double
    case bool

    /// The physical type this kind is stored as.
    var physicalType: PhysicalType {
        switch self {
        case .string, .byteArrayText: .byteArray
        case .int32, .uint32: .int32
        case .int64, .uint64: .int64
        case .float: .float
        case .double: .double
        case .bool: .boolean
        }
    }

    /// The public type of the values.
    var columnType: ParquetColumnType {
        switch self {
        case .string, .byteArrayText: .string
        case .int32, .uint32, .int64, .uint64: .int64
        case .float, .double: .double
        case .bool: .bool
        }
    }

    /// The kind of a primitive schema element, or the unsupported feature that prevents reading it.
    static func resolve(_ element: SchemaElement) -> Result<ValueKind, ParquetError> {
        guard let physical = element.type else { return .failure(.malformed("schema leaf \"\(element.name)\" has no physical type")) }
        if let logical = element.logicalType, logical != .unknown {
            return resolve(logical: logical, physical: physical)
        }
        if let converted = element.convertedType {
            return resolve(converted: converted, physical: physical)
        }
        switch physical {
        case .boolean: return .success(.bool)
        case .int32: return .success(.int32)
        case .int64: return .success(.int64)
        case .float: return .success(.float)
        case .double: return .success(.double)
        case .byteArray: return .success(.byteArrayText)
        default: return .failure(.unsupported("\(physical) type"))
        }
    }

    private static func resolve(logical: LogicalType, physical: PhysicalType) -> Result<ValueKind, ParquetError> {
        switch logical {
        case .string, .enumeration, .json:
            return physical == .byteArray ? .success(.string) : .failure(.unsupported("\(logical) logical type on \(physical)"))
        case _ where logical.isInteger:
            switch (physical, logical.isSigned) {
            case (.int32, true) where logical.bitWidth <= 32: return .success(.int32)
            case (.int32, false) where logical.bitWidth <= 32: return .success(.uint32)
            case (.int64, true): return .success(.int64)
            case (.int64, false): return .success(.uint64)
            default: return .failure(.unsupported("INTEGER(\(logical.bitWidth)) logical type on \(physical)"))
            }
        default:
            return .failure(.unsupported("\(logical) logical type"))
        }
    }

    private static func resolve(converted: ConvertedType, physical: PhysicalType) -> Result<ValueKind, ParquetError> {
        switch (converted, physical) {
        case (.utf8, .byteArray), (.enum, .byteArray), (.json, .byteArray): return .success(.string)
        case (.int8, .int32), (.int16, .int32), (.int32, .int32): return .success(.int32)
        case (.uint8, .int32), (.uint16, .int32), (.uint32, .int32): return .success(.uint32)
        case (.int64, .int64): return .success(.int64)
        case (.uint64, .int64): return .success(.uint64)
        default: return .failure(.unsupported("\(converted) converted type on \(physical)"))
        }
    }
}
