// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PercentageMath} from "./PercentageMath.sol";

/// @title LiquidationLogic
/// @notice How much debt a liquidator may repay and how much collateral it receives, as in Aave v3.
library LiquidationLogic {
    using PercentageMath for uint256;

    /// @notice Share of a borrower's debt one liquidation may repay while the position is only slightly unhealthy.
    uint256 internal constant DEFAULT_LIQUIDATION_CLOSE_FACTOR = 0.5e4;

    /// @notice Share of the debt one liquidation may repay once the health factor is at or below the threshold.
    uint256 internal constant MAX_LIQUIDATION_CLOSE_FACTOR = 1e4;

    /// @notice At or below this health factor the whole debt may be repaid at once.
    uint256 internal constant CLOSE_FACTOR_HF_THRESHOLD = 0.95e18;

    // returns the share of the debt (bps) a liquidator may repay at this health factor: 50%, or 100% at ≤ 0.95
    function closeFactorFor(uint256 healthFactor) internal pure returns (uint256) {
        return healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? DEFAULT_LIQUIDATION_CLOSE_FACTOR : MAX_LIQUIDATION_CLOSE_FACTOR;
    }

    // returns the debt a liquidation repays before the collateral check: min(debtToCover, userDebt × closeFactor)
    /// @dev userDebt × closeFactor is rounded down.
    function calculateActualDebtToLiquidate(uint256 userDebt, uint256 healthFactor, uint256 debtToCover)
        internal
        pure
        returns (uint256)
    {
        uint256 maxLiquidatableDebt = userDebt.percentMul(closeFactorFor(healthFactor));
        return debtToCover > maxLiquidatableDebt ? maxLiquidatableDebt : debtToCover;
    }

    // returns the collateral a liquidator receives for repaying `debtToCover`, and the debt it actually repays
    /// @dev Aave v3's order of operations:
    ///      baseCollateral = debtPrice × debtToCover × 10^collateralDecimals / (collateralPrice × 10^debtDecimals),
    ///      rounded down; collateral = baseCollateral × bonus / 10000, rounded down.
    ///      If that exceeds the user's collateral, all of it is seized and the debt repaid shrinks to
    ///      collateralPrice × collateral × 10^debtDecimals / (debtPrice × 10^collateralDecimals) × 10000 / bonus,
    ///      each division rounded down.
    /// @return collateralAmount Collateral sent to the liquidator (bonus included).
    /// @return debtAmountNeeded Debt the liquidator repays.
    function calculateAvailableCollateralToLiquidate(
        uint256 debtToCover,
        uint256 userCollateralBalance,
        uint256 liquidationBonusBps,
        uint256 collateralPrice,
        uint256 debtPrice,
        uint8 collateralDecimals,
        uint8 debtDecimals
    ) internal pure returns (uint256 collateralAmount, uint256 debtAmountNeeded) {
        uint256 collateralUnit = 10 ** collateralDecimals;
        uint256 debtUnit = 10 ** debtDecimals;
        uint256 baseCollateral = (debtPrice * debtToCover * collateralUnit) / (collateralPrice * debtUnit);
        uint256 maxCollateralToLiquidate = baseCollateral.percentMul(liquidationBonusBps);
        if (maxCollateralToLiquidate <= userCollateralBalance) return (maxCollateralToLiquidate, debtToCover);
        collateralAmount = userCollateralBalance;
        debtAmountNeeded = ((collateralPrice * collateralAmount * debtUnit) / (debtPrice * collateralUnit))
            .percentDiv(liquidationBonusBps);
    }
}
