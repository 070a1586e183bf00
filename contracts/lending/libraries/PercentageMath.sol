// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title PercentageMath
/// @notice Percentages in basis points: 10000 = 100%, 8250 = 82.5%.
/// @dev Aave's library rounds half up; ours rounds down, and says so, so that a learner can redo each
///      step with integer division.
library PercentageMath {
    /// @notice Basis points in one whole.
    uint256 internal constant PERCENTAGE_FACTOR = 1e4;

    /// @dev Returns x * bps / 10000 rounded down.
    function percentMul(uint256 x, uint256 bps) internal pure returns (uint256) {
        return (x * bps) / PERCENTAGE_FACTOR;
    }

    /// @dev Returns x * 10000 / bps rounded down.
    function percentDiv(uint256 x, uint256 bps) internal pure returns (uint256) {
        return (x * PERCENTAGE_FACTOR) / bps;
    }
}
