// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AggregatorV3Interface} from "../oracle/interfaces/AggregatorV3Interface.sol";
import {ILendingPool} from "./interfaces/ILendingPool.sol";
import {GenericLogic} from "./libraries/GenericLogic.sol";
import {LiquidationLogic} from "./libraries/LiquidationLogic.sol";
import {PercentageMath} from "./libraries/PercentageMath.sol";
import {ValidationLogic} from "./libraries/ValidationLogic.sol";

/// @title LendingPool
/// @notice An Aave-v3-style lending pool with Chainlink-style oracles and ERC-3156 flash loans.
/// @dev What a user supplies is both their collateral and the pool's lendable liquidity: the pool's
///      balance of a token is what can be borrowed, withdrawn or flash-loaned.
///      No interest rates: debt does not grow. The sandbox makes positions unhealthy by moving prices.
///      Each action reads: validation -> state change -> token transfers -> event.
contract LendingPool is ILendingPool, Ownable {
    using SafeERC20 for IERC20;
    using PercentageMath for uint256;

    /// @notice Flash-loan fee in basis points: 9 = 0.09%, Aave v3's original premium.
    uint256 public constant FLASH_LOAN_FEE_BPS = 9;

    /// @notice Share of the debt (bps) one liquidation may repay while the health factor is above 0.95.
    uint256 public constant DEFAULT_LIQUIDATION_CLOSE_FACTOR = LiquidationLogic.DEFAULT_LIQUIDATION_CLOSE_FACTOR;

    /// @notice Share of the debt (bps) one liquidation may repay at a health factor of 0.95 or less.
    uint256 public constant MAX_LIQUIDATION_CLOSE_FACTOR = LiquidationLogic.MAX_LIQUIDATION_CLOSE_FACTOR;

    /// @notice Health factor at or below which the whole debt may be liquidated at once.
    uint256 public constant CLOSE_FACTOR_HF_THRESHOLD = LiquidationLogic.CLOSE_FACTOR_HF_THRESHOLD;

    /// @notice Health factor below which a position may be liquidated.
    uint256 public constant HEALTH_FACTOR_LIQUIDATION_THRESHOLD = GenericLogic.HEALTH_FACTOR_LIQUIDATION_THRESHOLD;

    /// @dev ERC-3156: what `onFlashLoan` returns when the borrower accepts the loan.
    bytes32 private constant FLASH_LOAN_CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    mapping(address asset => AssetConfig) private _configs;
    address[] private _assets;
    mapping(address user => mapping(address asset => uint256)) private _collateral;
    mapping(address user => mapping(address asset => uint256)) private _debt;

    /// @inheritdoc ILendingPool
    mapping(address token => uint256) public flashLoanFeesCollected;

    // Two reentrancy locks, in transient storage (EIP-1153: cleared at the end of each transaction).
    // `_actionActive` guards supply, withdraw, borrow, repay and liquidationCall against re-entering
    // one another through a token's callback. Flash loans have a lock of their own: a flash liquidator
    // borrows, calls `liquidationCall` from inside `onFlashLoan`, sells the collateral and repays, and
    // one shared lock would forbid exactly that. Inside the callback the pool's books are consistent
    // (only its balance is lower, by the loan), so the other actions are safe to enter; only nested
    // flash loans are refused, to keep one loan at a time easy to follow.
    bool private transient _actionActive;
    bool private transient _flashLoanActive;

    modifier nonReentrant() {
        if (_actionActive) revert ReentrantCall();
        _actionActive = true;
        _;
        _actionActive = false;
    }

    constructor(address owner_) Ownable(owner_) {}

    // ═════════════════════════════ admin ═════════════════════════════

    /// @inheritdoc ILendingPool
    function listAsset(
        address asset,
        address priceFeed,
        uint16 ltvBps,
        uint16 liquidationThresholdBps,
        uint16 liquidationBonusBps
    ) external onlyOwner {
        if (asset == address(0) || priceFeed == address(0)) revert ZeroAddress();
        if (_configs[asset].isListed) revert AssetAlreadyListed(asset);
        ValidationLogic.validateRiskParameters(ltvBps, liquidationThresholdBps, liquidationBonusBps);
        uint8 feedDecimals = AggregatorV3Interface(priceFeed).decimals();
        if (feedDecimals != GenericLogic.BASE_CURRENCY_DECIMALS) revert InvalidPriceFeedDecimals(priceFeed, feedDecimals);

        _configs[asset] = AssetConfig({
            priceFeed: priceFeed,
            ltvBps: ltvBps,
            liquidationThresholdBps: liquidationThresholdBps,
            liquidationBonusBps: liquidationBonusBps,
            decimals: IERC20Metadata(asset).decimals(),
            isListed: true
        });
        _assets.push(asset);
        emit AssetListed(asset, priceFeed, ltvBps, liquidationThresholdBps, liquidationBonusBps);
    }

    // ═════════════════════════════ user actions ═════════════════════════════

    /// @inheritdoc ILendingPool
    function supply(address asset, uint256 amount, address onBehalfOf) external nonReentrant {
        _requireListed(asset);
        if (amount == 0) revert InvalidAmount();
        if (onBehalfOf == address(0)) revert ZeroAddress();

        _collateral[onBehalfOf][asset] += amount;
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        emit Supply(asset, msg.sender, onBehalfOf, amount);
    }

    /// @inheritdoc ILendingPool
    function withdraw(address asset, uint256 amount, address to) external nonReentrant returns (uint256) {
        _requireListed(asset);
        uint256 balance = _collateral[msg.sender][asset];
        uint256 amountToWithdraw = amount == type(uint256).max ? balance : amount;
        if (amountToWithdraw == 0) revert InvalidAmount();
        if (amountToWithdraw > balance) revert InsufficientCollateral(asset, balance, amountToWithdraw);
        _requireLiquidity(asset, amountToWithdraw);

        _collateral[msg.sender][asset] = balance - amountToWithdraw;
        // checked after the change: the position must stay healthy without this collateral
        uint256 healthFactor = _accountData(msg.sender).healthFactor;
        if (healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD) revert HealthFactorTooLow(healthFactor);

        IERC20(asset).safeTransfer(to, amountToWithdraw);
        emit Withdraw(asset, msg.sender, to, amountToWithdraw);
        return amountToWithdraw;
    }

    /// @inheritdoc ILendingPool
    function borrow(address asset, uint256 amount) external nonReentrant {
        AssetConfig memory config = _requireListed(asset);
        if (amount == 0) revert InvalidAmount();
        _requireLiquidity(asset, amount);
        // checked before the change: the new debt must fit in what the collateral's LTV still allows
        uint256 requestedBase =
            GenericLogic.debtValueInBase(amount, GenericLogic.getAssetPrice(config, asset), config.decimals);
        uint256 availableBase = _accountData(msg.sender).availableBorrowsBase;
        if (requestedBase > availableBase) revert BorrowExceedsLtv(requestedBase, availableBase);

        _debt[msg.sender][asset] += amount;
        IERC20(asset).safeTransfer(msg.sender, amount);
        emit Borrow(asset, msg.sender, msg.sender, amount);
    }

    /// @inheritdoc ILendingPool
    function repay(address asset, uint256 amount, address onBehalfOf) external nonReentrant returns (uint256 repaid) {
        _requireListed(asset);
        if (amount == 0) revert InvalidAmount();
        uint256 debt = _debt[onBehalfOf][asset];
        if (debt == 0) revert NoDebt(onBehalfOf, asset);
        repaid = amount < debt ? amount : debt; // covers type(uint256).max = all

        _debt[onBehalfOf][asset] = debt - repaid;
        IERC20(asset).safeTransferFrom(msg.sender, address(this), repaid);
        emit Repay(asset, onBehalfOf, msg.sender, repaid);
    }

    /// @inheritdoc ILendingPool
    function liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover)
        external
        nonReentrant
    {
        (uint256 collateralAmount, uint256 debtAmount) =
            _liquidationAmounts(collateralAsset, debtAsset, user, debtToCover);
        // the collateral may have been lent out: the pool pays it only from what it holds
        _requireLiquidity(collateralAsset, collateralAmount);

        _debt[user][debtAsset] -= debtAmount;
        _collateral[user][collateralAsset] -= collateralAmount;
        // pull before paying: a liquidator without the debt asset fails before receiving anything
        IERC20(debtAsset).safeTransferFrom(msg.sender, address(this), debtAmount);
        IERC20(collateralAsset).safeTransfer(msg.sender, collateralAmount);
        emit LiquidationCall(collateralAsset, debtAsset, user, debtAmount, collateralAmount, msg.sender, false);
    }

    // ═════════════════════════════ flash loans (ERC-3156) ═════════════════════════════

    /// @inheritdoc IERC3156FlashLender
    function maxFlashLoan(address token) public view returns (uint256) {
        return _configs[token].isListed ? IERC20(token).balanceOf(address(this)) : 0;
    }

    /// @inheritdoc IERC3156FlashLender
    function flashFee(address token, uint256 amount) public view returns (uint256) {
        if (!_configs[token].isListed) revert UnsupportedFlashLoanToken(token);
        return amount.percentMul(FLASH_LOAN_FEE_BPS);
    }

    /// @inheritdoc IERC3156FlashLender
    /// @dev Repayment is pulled with `transferFrom`, never inferred from the pool's balance: a borrower
    ///      cannot "repay" by supplying the loan back as its own collateral. The fee stays in the pool as
    ///      extra liquidity, credited to nobody's collateral, and is counted in `flashLoanFeesCollected`.
    function flashLoan(IERC3156FlashBorrower receiver, address token, uint256 amount, bytes calldata data)
        external
        returns (bool)
    {
        if (_flashLoanActive) revert ReentrantCall();
        uint256 fee = flashFee(token, amount);
        if (amount == 0) revert InvalidAmount();
        _requireLiquidity(token, amount);
        _flashLoanActive = true;

        IERC20(token).safeTransfer(address(receiver), amount);
        if (receiver.onFlashLoan(msg.sender, token, amount, fee, data) != FLASH_LOAN_CALLBACK_SUCCESS) {
            revert FlashLoanCallbackFailed();
        }
        uint256 owed = amount + fee;
        // checked first so a short borrower gets the named error instead of the token's own
        if (
            IERC20(token).allowance(address(receiver), address(this)) < owed
                || IERC20(token).balanceOf(address(receiver)) < owed
        ) revert FlashLoanNotRepaid(token, owed);
        IERC20(token).safeTransferFrom(address(receiver), address(this), owed);

        flashLoanFeesCollected[token] += fee;
        _flashLoanActive = false;
        emit FlashLoan(address(receiver), msg.sender, token, amount, fee);
        return true;
    }

    // ═════════════════════════════ views ═════════════════════════════

    /// @inheritdoc ILendingPool
    function getAssetConfig(address asset) external view returns (AssetConfig memory) {
        return _configs[asset];
    }

    /// @inheritdoc ILendingPool
    function listedAssets() external view returns (address[] memory) {
        return _assets;
    }

    /// @inheritdoc ILendingPool
    function collateralOf(address user, address asset) external view returns (uint256) {
        return _collateral[user][asset];
    }

    /// @inheritdoc ILendingPool
    function debtOf(address user, address asset) external view returns (uint256) {
        return _debt[user][asset];
    }

    /// @inheritdoc ILendingPool
    function getAssetPrice(address asset) external view returns (uint256) {
        return GenericLogic.getAssetPrice(_requireListed(asset), asset);
    }

    /// @inheritdoc ILendingPool
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
        )
    {
        GenericLogic.AccountData memory data = _accountData(user);
        return (
            data.totalCollateralBase,
            data.totalDebtBase,
            data.availableBorrowsBase,
            data.currentLiquidationThreshold,
            data.ltv,
            data.healthFactor
        );
    }

    // ═════════════════════════════ internals ═════════════════════════════

    // returns `user`'s position valued at the current oracle prices
    function _accountData(address user) private view returns (GenericLogic.AccountData memory) {
        return GenericLogic.calculateUserAccountData(_assets, _configs, _collateral[user], _debt[user]);
    }

    // returns the collateral a liquidation seizes and the debt it repays, after validating it
    function _liquidationAmounts(address collateralAsset, address debtAsset, address user, uint256 debtToCover)
        private
        view
        returns (uint256 collateralAmount, uint256 debtAmount)
    {
        AssetConfig memory collateralConfig = _requireListed(collateralAsset);
        AssetConfig memory debtConfig = _requireListed(debtAsset);
        if (debtToCover == 0) revert InvalidAmount();
        uint256 userCollateral = _collateral[user][collateralAsset];
        if (userCollateral == 0) revert NoCollateralToSeize(user, collateralAsset);
        uint256 actualDebtToLiquidate;
        {
            uint256 healthFactor = _accountData(user).healthFactor;
            if (healthFactor >= HEALTH_FACTOR_LIQUIDATION_THRESHOLD) revert HealthFactorNotBelowThreshold(healthFactor);
            uint256 userDebt = _debt[user][debtAsset];
            if (userDebt == 0) revert NoDebt(user, debtAsset);
            // the close factor first, then the collateral that buys; if it runs out, less debt is covered
            actualDebtToLiquidate = LiquidationLogic.calculateActualDebtToLiquidate(userDebt, healthFactor, debtToCover);
        }
        return LiquidationLogic.calculateAvailableCollateralToLiquidate(
            actualDebtToLiquidate,
            userCollateral,
            collateralConfig.liquidationBonusBps,
            GenericLogic.getAssetPrice(collateralConfig, collateralAsset),
            GenericLogic.getAssetPrice(debtConfig, debtAsset),
            collateralConfig.decimals,
            debtConfig.decimals
        );
    }

    // returns the configuration of `asset`, reverting if it is not listed
    function _requireListed(address asset) private view returns (AssetConfig memory config) {
        config = _configs[asset];
        if (!config.isListed) revert AssetNotListed(asset);
    }

    // reverts unless the pool holds at least `amount` of `asset`
    function _requireLiquidity(address asset, uint256 amount) private view {
        uint256 available = IERC20(asset).balanceOf(address(this));
        if (available < amount) revert InsufficientLiquidity(asset, available, amount);
    }
}
