// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../../oracle/interfaces/AggregatorV3Interface.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {PercentageMath} from "./PercentageMath.sol";

/// @title GenericLogic
/// @notice Prices and the value of a position: collateral, debt, borrowing power, health factor.
/// @dev Rounding is in the pool's favour: collateral values round down, debt values round up, so no
///      amount, however small, is worth nothing as debt.
library GenericLogic {
    using PercentageMath for uint256;

    /// @notice One, in the 18-decimal fixed point of health factors.
    uint256 internal constant WAD = 1e18;

    /// @notice Below this health factor a position may be liquidated (and may not withdraw).
    uint256 internal constant HEALTH_FACTOR_LIQUIDATION_THRESHOLD = 1e18;

    /// @notice Decimals of the base currency (USD), as Chainlink's USD feeds.
    uint8 internal constant BASE_CURRENCY_DECIMALS = 8;

    /// @notice A position's figures, as Aave v3's `getUserAccountData` returns them.
    struct AccountData {
        uint256 totalCollateralBase;
        uint256 totalDebtBase;
        uint256 availableBorrowsBase;
        uint256 currentLiquidationThreshold;
        uint256 ltv;
        uint256 healthFactor;
    }

    /// @dev Returns amount * price / 10^decimals rounded down: what collateral is worth in base currency.
    function collateralValueInBase(uint256 amount, uint256 price, uint8 decimals) internal pure returns (uint256) {
        return (amount * price) / 10 ** decimals;
    }

    /// @dev Returns amount * price / 10^decimals rounded up: what debt weighs in base currency.
    function debtValueInBase(uint256 amount, uint256 price, uint8 decimals) internal pure returns (uint256) {
        uint256 unit = 10 ** decimals;
        return (amount * price + unit - 1) / unit;
    }

    /// @dev Returns the health factor, 1e18-scaled: Σ(collateralBase_i × threshold_i) / (10000 × debtBase),
    ///      rounded down; type(uint256).max with no debt. One division at the end: Aave divides twice
    ///      (the average threshold first), which rounds a little more.
    /// @param thresholdWeightedCollateral Σ(collateralBase_i × liquidationThresholdBps_i), base × bps.
    /// @param totalDebtBase Σ(debtBase_j).
    function calculateHealthFactor(uint256 thresholdWeightedCollateral, uint256 totalDebtBase)
        internal
        pure
        returns (uint256)
    {
        if (totalDebtBase == 0) return type(uint256).max;
        return (thresholdWeightedCollateral * WAD) / (totalDebtBase * PercentageMath.PERCENTAGE_FACTOR);
    }

    // returns the USD price of one whole `asset` token (8 decimals) from its feed
    /// @dev No staleness check, as Aave's oracle: the sandbox's feeds change only when the sandbox says so.
    function getAssetPrice(ILendingPool.AssetConfig memory config, address asset) internal view returns (uint256) {
        (, int256 answer,,,) = AggregatorV3Interface(config.priceFeed).latestRoundData();
        if (answer <= 0) revert ILendingPool.InvalidOraclePrice(asset, answer);
        return uint256(answer);
    }

    // returns the value of a user's position over every listed asset
    /// @param assets The listed assets.
    /// @param configs Each asset's configuration.
    /// @param collateralOf The user's supplied balance of each asset.
    /// @param debtOf The user's debt in each asset.
    function calculateUserAccountData(
        address[] storage assets,
        mapping(address => ILendingPool.AssetConfig) storage configs,
        mapping(address => uint256) storage collateralOf,
        mapping(address => uint256) storage debtOf
    ) internal view returns (AccountData memory data) {
        // Σ(collateralBase_i × ltv_i) and Σ(collateralBase_i × threshold_i), in base × bps
        uint256 ltvWeightedCollateral;
        uint256 thresholdWeightedCollateral;
        for (uint256 i = 0; i < assets.length; i++) {
            address asset = assets[i];
            uint256 collateral = collateralOf[asset];
            uint256 debt = debtOf[asset];
            if (collateral == 0 && debt == 0) continue; // no need to ask the oracle
            ILendingPool.AssetConfig memory config = configs[asset];
            uint256 price = getAssetPrice(config, asset);
            uint256 collateralBase = collateralValueInBase(collateral, price, config.decimals);
            data.totalCollateralBase += collateralBase;
            ltvWeightedCollateral += collateralBase * config.ltvBps;
            thresholdWeightedCollateral += collateralBase * config.liquidationThresholdBps;
            data.totalDebtBase += debtValueInBase(debt, price, config.decimals);
        }
        if (data.totalCollateralBase != 0) {
            data.ltv = ltvWeightedCollateral / data.totalCollateralBase;
            data.currentLiquidationThreshold = thresholdWeightedCollateral / data.totalCollateralBase;
        }
        uint256 borrowingPower = ltvWeightedCollateral / PercentageMath.PERCENTAGE_FACTOR;
        data.availableBorrowsBase = borrowingPower > data.totalDebtBase ? borrowingPower - data.totalDebtBase : 0;
        data.healthFactor = calculateHealthFactor(thresholdWeightedCollateral, data.totalDebtBase);
    }
}
