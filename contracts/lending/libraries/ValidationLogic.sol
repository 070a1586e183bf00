// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {PercentageMath} from "./PercentageMath.sol";

/// @title ValidationLogic
/// @notice Checks that do not depend on a user's position.
library ValidationLogic {
    using PercentageMath for uint256;

    /// @dev Reverts `InvalidRiskParameters` unless, as Aave's configurator requires,
    ///      0 < ltv ≤ threshold, bonus > 100%, and threshold × bonus ≤ 100%: seizing the collateral
    ///      counted in the health factor, bonus included, never takes more than the collateral.
    function validateRiskParameters(uint16 ltvBps, uint16 liquidationThresholdBps, uint16 liquidationBonusBps)
        internal
        pure
    {
        bool valid = ltvBps != 0 && ltvBps <= liquidationThresholdBps
            && liquidationBonusBps > PercentageMath.PERCENTAGE_FACTOR
            && uint256(liquidationThresholdBps).percentMul(liquidationBonusBps) <= PercentageMath.PERCENTAGE_FACTOR;
        if (!valid) revert ILendingPool.InvalidRiskParameters(ltvBps, liquidationThresholdBps, liquidationBonusBps);
    }
}
