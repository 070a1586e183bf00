// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";

/// @title ILendingPool
/// @notice An Aave-v3-style lending pool, small enough to read in one sitting: supply collateral, borrow
///         against it up to its loan-to-value, get liquidated when the health factor falls below 1.
///         Also an ERC-3156 flash lender of everything it holds.
/// @dev Values "in base currency" are USD with 8 decimals, read from Chainlink-style feeds.
///      Percentages are basis points (10000 = 100%). Health factors are 1e18-scaled.
///      There are no interest rates: debt never grows by itself; the sandbox moves prices instead.
interface ILendingPool is IERC3156FlashLender {
    /// @notice Risk parameters and oracle of a listed asset.
    /// @param priceFeed Chainlink-style feed giving the asset's USD price with 8 decimals.
    /// @param ltvBps Share of the collateral's value that may be borrowed against (8000 = 80%).
    /// @param liquidationThresholdBps Share of the collateral's value counted in the health factor.
    /// @param liquidationBonusBps What a liquidator receives per unit of debt repaid (10500 = +5%).
    /// @param decimals The token's decimals, read once when listed.
    /// @param isListed Whether the asset was listed.
    struct AssetConfig {
        address priceFeed;
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint16 liquidationBonusBps;
        uint8 decimals;
        bool isListed;
    }

    // ───────────────────────────── errors ─────────────────────────────

    /// @notice An address argument was zero.
    error ZeroAddress();

    /// @notice An amount argument was zero.
    error InvalidAmount();

    /// @notice Risk parameters must satisfy ltv ≤ threshold, bonus > 100% and threshold × bonus ≤ 100%.
    error InvalidRiskParameters(uint16 ltvBps, uint16 liquidationThresholdBps, uint16 liquidationBonusBps);

    /// @notice The feed's decimals differ from the base currency's (8).
    error InvalidPriceFeedDecimals(address priceFeed, uint8 decimals);

    /// @notice The asset is listed already.
    error AssetAlreadyListed(address asset);

    /// @notice The asset is not listed.
    error AssetNotListed(address asset);

    /// @notice The asset's feed answered a price ≤ 0.
    error InvalidOraclePrice(address asset, int256 answer);

    /// @notice The pool holds only `available` of `asset`, less than `requested`.
    error InsufficientLiquidity(address asset, uint256 available, uint256 requested);

    /// @notice The user supplied only `balance` of the asset, less than `requested`.
    error InsufficientCollateral(address asset, uint256 balance, uint256 requested);

    /// @notice The borrow is worth `requestedBase`, more than the `availableBase` the user may still borrow.
    error BorrowExceedsLtv(uint256 requestedBase, uint256 availableBase);

    /// @notice The action would leave the user's health factor at `healthFactor`, below 1e18.
    error HealthFactorTooLow(uint256 healthFactor);

    /// @notice `user` owes nothing in `asset`.
    error NoDebt(address user, address asset);

    /// @notice The user's health factor `healthFactor` is not below 1e18: the position is safe.
    error HealthFactorNotBelowThreshold(uint256 healthFactor);

    /// @notice `user` has no `asset` supplied to seize.
    error NoCollateralToSeize(address user, address asset);

    /// @notice The pool does not lend `token` (it is not listed).
    error UnsupportedFlashLoanToken(address token);

    /// @notice An action was entered again before it finished (or a flash loan inside a flash loan).
    error ReentrantCall();

    /// @notice The receiver's `onFlashLoan` did not return the ERC-3156 magic value.
    error FlashLoanCallbackFailed();

    /// @notice The receiver did not hold or did not approve the `owed` amount (loan + fee).
    error FlashLoanNotRepaid(address token, uint256 owed);

    // ───────────────────────────── events ─────────────────────────────
    // Aave v3's events, minus the fields of features we do not have (interest rate modes, referral codes).

    /// @notice `asset` was listed with these risk parameters.
    event AssetListed(
        address indexed asset,
        address indexed priceFeed,
        uint16 ltvBps,
        uint16 liquidationThresholdBps,
        uint16 liquidationBonusBps
    );

    /// @notice `user` supplied `amount` of `reserve`, credited to `onBehalfOf`.
    event Supply(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount);

    /// @notice `user` withdrew `amount` of `reserve` and sent it to `to`.
    event Withdraw(address indexed reserve, address indexed user, address indexed to, uint256 amount);

    /// @notice `user` borrowed `amount` of `reserve`, owed by `onBehalfOf` (always the user here).
    event Borrow(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount);

    /// @notice `repayer` repaid `amount` of `reserve` owed by `user`.
    event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount);

    /// @notice `liquidator` repaid `debtToCover` of `user`'s `debtAsset` debt and received
    ///         `liquidatedCollateralAmount` of `collateralAsset`.
    /// @dev Aave v3's exact signature, so standard tools and our MEV inspector decode it as they would
    ///      on mainnet. `receiveAToken` is always false: this pool has no aTokens.
    event LiquidationCall(
        address indexed collateralAsset,
        address indexed debtAsset,
        address indexed user,
        uint256 debtToCover,
        uint256 liquidatedCollateralAmount,
        address liquidator,
        bool receiveAToken
    );

    /// @notice `initiator` flash-borrowed `amount` of `asset` for `receiver`, which paid back `fee` on top.
    event FlashLoan(address indexed receiver, address initiator, address indexed asset, uint256 amount, uint256 fee);

    // ───────────────────────────── admin ─────────────────────────────

    /// @notice Lists `asset`, priced by `priceFeed`, with its risk parameters in basis points. Owner only.
    /// @param asset The ERC-20 token.
    /// @param priceFeed A Chainlink-style feed with 8 decimals.
    /// @param ltvBps Loan-to-value: the share of the collateral's value that may be borrowed.
    /// @param liquidationThresholdBps Share of the collateral's value counted in the health factor.
    /// @param liquidationBonusBps Collateral paid to a liquidator per unit of debt, 10500 = +5%.
    function listAsset(
        address asset,
        address priceFeed,
        uint16 ltvBps,
        uint16 liquidationThresholdBps,
        uint16 liquidationBonusBps
    ) external;

    // ───────────────────────────── user actions ─────────────────────────────

    /// @notice Supplies `amount` of `asset` from the caller as collateral of `onBehalfOf`.
    /// @dev Supplied assets are also the pool's lendable liquidity.
    /// @param asset A listed asset.
    /// @param amount Base units; the caller must have approved them.
    /// @param onBehalfOf The account credited with the collateral.
    function supply(address asset, uint256 amount, address onBehalfOf) external;

    /// @notice Withdraws `amount` of the caller's `asset` collateral to `to`.
    /// @dev Reverts `HealthFactorTooLow` if the caller's health factor would fall below 1.
    /// @param asset A listed asset.
    /// @param amount Base units, or type(uint256).max for the caller's whole collateral.
    /// @param to Receiver of the tokens.
    /// @return The amount withdrawn.
    function withdraw(address asset, uint256 amount, address to) external returns (uint256);

    /// @notice Borrows `amount` of `asset` against the caller's collateral and sends it to the caller.
    /// @dev Reverts `BorrowExceedsLtv` beyond the caller's loan-to-value, `InsufficientLiquidity` beyond the
    ///      pool's balance.
    /// @param asset A listed asset.
    /// @param amount Base units.
    function borrow(address asset, uint256 amount) external;

    /// @notice Repays up to `amount` of `onBehalfOf`'s `asset` debt with the caller's tokens.
    /// @param asset A listed asset.
    /// @param amount Base units, or type(uint256).max for the whole debt; more than the debt repays the debt.
    /// @param onBehalfOf The borrower whose debt shrinks.
    /// @return repaid The amount actually repaid.
    function repay(address asset, uint256 amount, address onBehalfOf) external returns (uint256 repaid);

    /// @notice Repays part of an unhealthy `user`'s `debtAsset` debt and takes their `collateralAsset`
    ///         collateral plus the liquidation bonus.
    /// @dev Reverts `HealthFactorNotBelowThreshold` if the user's health factor is ≥ 1. At most half the debt
    ///      is covered (the close factor), or all of it once the health factor is ≤ 0.95. If the collateral
    ///      does not suffice, all of it is seized and the debt covered shrinks to match, as in Aave v3.
    ///      The caller must have approved the debt asset; the collateral goes to the caller.
    /// @param collateralAsset Collateral to seize.
    /// @param debtAsset Debt to repay.
    /// @param user The borrower being liquidated.
    /// @param debtToCover The most debt the caller wants to repay; type(uint256).max for as much as allowed.
    function liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover)
        external;

    // ───────────────────────────── views ─────────────────────────────

    /// @notice The configuration of `asset` (all zero if not listed).
    function getAssetConfig(address asset) external view returns (AssetConfig memory);

    /// @notice Every listed asset, in listing order.
    function listedAssets() external view returns (address[] memory);

    /// @notice `user`'s supplied balance of `asset`.
    function collateralOf(address user, address asset) external view returns (uint256);

    /// @notice `user`'s debt in `asset`.
    function debtOf(address user, address asset) external view returns (uint256);

    /// @notice The USD price of one whole `asset` token, 8 decimals, from its feed.
    function getAssetPrice(address asset) external view returns (uint256);

    /// @notice `user`'s position, as Aave v3's `getUserAccountData`.
    /// @return totalCollateralBase Collateral value in base currency (each asset rounded down).
    /// @return totalDebtBase Debt value in base currency (each asset rounded up).
    /// @return availableBorrowsBase What may still be borrowed, in base currency.
    /// @return currentLiquidationThreshold Collateral-weighted average liquidation threshold, bps.
    /// @return ltv Collateral-weighted average loan-to-value, bps.
    /// @return healthFactor 1e18-scaled; type(uint256).max with no debt.
    function getUserAccountData(address user)
        external
        view
        returns (
            uint256 totalCollateralBase,
            uint256 totalDebtBase,
            uint256 availableBorrowsBase,
            uint256 currentLiquidationThreshold,
            uint256 ltv,
            uint256 healthFactor
        );

    /// @notice Total flash-loan fees the pool has earned in `token`.
    function flashLoanFeesCollected(address token) external view returns (uint256);
}
