// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";

/// @title IFlashLiquidator
/// @notice A searcher's liquidator with no capital of its own: it flash-borrows the debt asset from the
///         lending pool, repays an unhealthy borrower's debt with it, sells the collateral it receives
///         (bonus included) on a DEX and pays the loan back with the proceeds, all in one transaction.
///         Either the searcher ends with at least the profit asked for, or everything reverts and only
///         the gas is lost.
interface IFlashLiquidator is IERC3156FlashBorrower {
    /// @notice `onFlashLoan` was called by `caller`, which is not the lending pool.
    error UntrustedLender(address caller);

    /// @notice The flash loan was started by `initiator`, not by this contract's `liquidate`.
    error UntrustedInitiator(address initiator);

    /// @notice The liquidation would make `profit` of the debt asset (negative for a loss), less than
    ///         `minProfit`. The shortfall is `minProfit − profit`.
    error InsufficientProfit(int256 profit, uint256 minProfit);

    /// @notice `user`'s position was liquidated with borrowed money: `debtCovered` of `debtAsset` repaid,
    ///         `collateralSeized` of `collateralAsset` received and sold for `collateralSoldFor` of the
    ///         debt asset, `flashFee` paid to the lender, and `profit` sent to the owner.
    /// @dev profit = collateralSoldFor − debtCovered − flashFee.
    event FlashLiquidated(
        address indexed user,
        address indexed collateralAsset,
        address indexed debtAsset,
        uint256 debtCovered,
        uint256 collateralSeized,
        uint256 collateralSoldFor,
        uint256 flashFee,
        uint256 profit
    );

    /// @notice The lending pool: both the flash lender and the pool whose positions are liquidated.
    function lendingPool() external view returns (address);

    /// @notice Flash-borrows `debtToCover` of `debtAsset`, liquidates `user` with it, sells all the seized
    ///         `collateralAsset` through `router` (path [collateral, debt]), repays the loan and its fee and
    ///         sends what is left to the owner. Owner only.
    /// @dev The pool may cover less than `debtToCover` (its close factor, or too little collateral); the
    ///      unspent part of the loan simply goes back with the repayment. Reverts with the pool's own errors
    ///      (e.g. `HealthFactorNotBelowThreshold`) if the liquidation is refused, and `InsufficientProfit` if
    ///      the proceeds do not repay the loan and fee plus `minProfit`.
    /// @param collateralAsset The collateral to seize and sell.
    /// @param debtAsset The debt to repay, the asset borrowed and the asset the profit is paid in.
    /// @param user The unhealthy borrower.
    /// @param debtToCover How much of the debt asset to borrow and offer to the liquidation.
    /// @param router A Uniswap-V2-style router whose pair of the two assets buys the collateral.
    /// @param minProfit The least profit, in the debt asset, the owner accepts.
    /// @return profit The debt asset sent to the owner.
    function liquidate(
        address collateralAsset,
        address debtAsset,
        address user,
        uint256 debtToCover,
        address router,
        uint256 minProfit
    ) external returns (uint256 profit);
}
