/// Whether two floating-point values agree within an absolute or relative tolerance.
public func isClose<T: BinaryFloatingPoint>(_ a: T, _ b: T, absolute: T = 1e-6, relative: T = 1e-6) -> Bool {
    if a.isNaN || b.isNaN { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// Whether two equal-length arrays agree element-wise within tolerances.
public func allClose<T: BinaryFloatingPoint>(_ a: [T], _ b: [T], absolute: T = 1e-6, relative: T = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, absolute: absolute, relative: relative) }
}
