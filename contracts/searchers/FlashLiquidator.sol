// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAmmRouter} from "../dex/interfaces/IAmmRouter.sol";
import {ILendingPool} from "../lending/interfaces/ILendingPool.sol";
import {IFlashLiquidator} from "./interfaces/IFlashLiquidator.sol";

/// @title FlashLiquidator
/// @notice Liquidates with borrowed money: flash loan of the debt asset → `liquidationCall` → sell the
///         seized collateral on a DEX → repay the loan and its fee → the rest is the searcher's profit.
/// @dev The work happens inside `onFlashLoan`, while the contract holds the loan. The collateral is worth
///      the debt covered plus the liquidation bonus at the oracle's price; the trade pays off when selling
///      it on the DEX (fee and price impact included) brings back more than the debt covered plus the
///      flash fee. What the callback measures is kept in transient storage for `liquidate` to report.
contract FlashLiquidator is IFlashLiquidator, Ownable {
    using SafeERC20 for IERC20;

    /// @dev ERC-3156: what `onFlashLoan` returns to accept the loan.
    bytes32 private constant CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    ILendingPool private immutable POOL;

    // Measured inside the flash loan, reported by `liquidate` after it (EIP-1153: cleared after the transaction).
    uint256 private transient _debtCovered;
    uint256 private transient _collateralSeized;
    uint256 private transient _collateralSoldFor;
    uint256 private transient _flashFee;

    constructor(address owner_, address lendingPool_) Ownable(owner_) {
        POOL = ILendingPool(lendingPool_);
    }

    /// @inheritdoc IFlashLiquidator
    function lendingPool() external view returns (address) {
        return address(POOL);
    }

    /// @inheritdoc IFlashLiquidator
    function liquidate(
        address collateralAsset,
        address debtAsset,
        address user,
        uint256 debtToCover,
        address router,
        uint256 minProfit
    ) external onlyOwner returns (uint256 profit) {
        // borrow the debt asset; `onFlashLoan` liquidates, sells the collateral and approves the repayment
        bytes memory data = abi.encode(collateralAsset, user, router, minProfit);
        POOL.flashLoan(this, debtAsset, debtToCover, data);

        // the pool has pulled back loan + fee: what is left is the profit (the contract holds no capital)
        profit = IERC20(debtAsset).balanceOf(address(this));
        IERC20(debtAsset).safeTransfer(owner(), profit);
        emit FlashLiquidated(
            user, collateralAsset, debtAsset, _debtCovered, _collateralSeized, _collateralSoldFor, _flashFee, profit
        );
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data)
        external
        returns (bytes32)
    {
        // only the pool lends, and only for a loan this contract's own `liquidate` asked for: anyone else
        // could otherwise make it liquidate, swap and pay fees on their terms
        if (msg.sender != address(POOL)) revert UntrustedLender(msg.sender);
        if (initiator != address(this)) revert UntrustedInitiator(initiator);
        (address collateralAsset, address user, address router, uint256 minProfit) =
            abi.decode(data, (address, address, address, uint256));

        // repay the user's debt with the loan; the pool may cover less than `amount` (close factor), and
        // the unspent rest simply goes back with the repayment
        (_debtCovered, _collateralSeized) = _liquidatePosition(collateralAsset, token, user, amount);
        // turn all the collateral (bonus included) back into the debt asset
        _collateralSoldFor = _sellCollateral(router, collateralAsset, token, _collateralSeized);
        _flashFee = fee;
        // refuse a loss before repaying, then let the pool pull loan + fee
        _requireProfit(token, amount + fee, minProfit);
        IERC20(token).forceApprove(address(POOL), amount + fee);
        return CALLBACK_SUCCESS;
    }

    // returns the debt the pool actually covered and the collateral it paid for it, from balance differences
    function _liquidatePosition(address collateralAsset, address debtAsset, address user, uint256 debtToCover)
        private
        returns (uint256 debtCovered, uint256 collateralSeized)
    {
        uint256 debtBalanceBefore = IERC20(debtAsset).balanceOf(address(this));
        uint256 collateralBalanceBefore = IERC20(collateralAsset).balanceOf(address(this));
        // the pool pulls the debt it covers with transferFrom
        IERC20(debtAsset).forceApprove(address(POOL), debtToCover);
        POOL.liquidationCall(collateralAsset, debtAsset, user, debtToCover);
        debtCovered = debtBalanceBefore - IERC20(debtAsset).balanceOf(address(this));
        collateralSeized = IERC20(collateralAsset).balanceOf(address(this)) - collateralBalanceBefore;
    }

    // returns how much of `debtAsset` selling `amount` of `collateralAsset` through `router` brought
    function _sellCollateral(address router, address collateralAsset, address debtAsset, uint256 amount)
        private
        returns (uint256)
    {
        address[] memory path = new address[](2);
        path[0] = collateralAsset;
        path[1] = debtAsset;
        IERC20(collateralAsset).forceApprove(router, amount);
        // amountOutMin 0 is safe here: the profit check that follows is the slippage limit. A thin pool or a
        // sandwich that pays too little makes the whole liquidation revert, loan included.
        uint256[] memory amounts =
            IAmmRouter(router).swapExactTokensForTokens(amount, 0, path, address(this), block.timestamp);
        return amounts[amounts.length - 1];
    }

    // reverts unless this contract holds `owed` (loan + fee) of `token` plus at least `minProfit`
    // checked inside the loan rather than after it: with a loss the pool would revert `FlashLoanNotRepaid`
    // first, and the searcher would not learn by how much the liquidation fell short
    function _requireProfit(address token, uint256 owed, uint256 minProfit) private view {
        uint256 balance = IERC20(token).balanceOf(address(this));
        if (balance < owed || balance - owed < minProfit) {
            revert InsufficientProfit(int256(balance) - int256(owed), minProfit);
        }
    }
}
