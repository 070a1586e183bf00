// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IMockBridge} from "./interfaces/IMockBridge.sol";

/// @title MockBridge
/// @notice One side of a lock-and-release bridge (see IMockBridge): the same contract is deployed on
///         both chains, and each can be the source (`lock`) or the destination (`relay`, `release`).
/// @dev Tokens do not travel: the source bridge keeps what is locked, and the destination bridge pays
///      out of the liquidity it holds on its own chain. That is why crossing takes time and trust, and
///      why an arbitrageur who bridges carries the price risk of the delay.
contract MockBridge is IMockBridge {
    using SafeERC20 for IERC20;

    /// @notice Basis points in one whole.
    uint256 public constant BPS = 10_000;
    /// @notice The highest fee a bridge may charge: 10%.
    uint256 public constant MAX_FEE_BPS = 1_000;

    /// @inheritdoc IMockBridge
    address public immutable relayer;
    /// @inheritdoc IMockBridge
    uint256 public immutable delayBlocks;
    /// @inheritdoc IMockBridge
    uint256 public immutable feeBps;

    /// @inheritdoc IMockBridge
    uint256 public lockCount;
    /// @inheritdoc IMockBridge
    mapping(bytes32 transferId => Transfer) public transfers;

    constructor(address relayer_, uint256 delayBlocks_, uint256 feeBps_) {
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        relayer = relayer_;
        delayBlocks = delayBlocks_;
        feeBps = feeBps_;
    }

    // ─── Source side ────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IMockBridge
    function lock(address token, uint256 amount, uint256 destinationChainId, address recipient)
        external
        returns (bytes32 transferId, uint256 amountAfterFee)
    {
        uint256 fee = bridgeFee(amount, feeBps);
        if (amount == 0 || amount == fee) revert ZeroAmount();
        amountAfterFee = amount - fee;
        // Unique across chains and bridges: this chain, this bridge, this bridge's count of locks.
        transferId = keccak256(abi.encode(block.chainid, address(this), lockCount));
        lockCount += 1;
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        emit Locked(transferId, msg.sender, recipient, token, amount, fee, destinationChainId);
    }

    // ─── Destination side ───────────────────────────────────────────────────────────────────────

    /// @inheritdoc IMockBridge
    function relay(bytes32 transferId, address token, address recipient, uint256 amount) external {
        if (msg.sender != relayer) revert NotRelayer(msg.sender);
        if (transfers[transferId].releasableAtBlock != 0) revert AlreadyRelayed(transferId);
        uint256 releasableAtBlock = block.number + delayBlocks;
        transfers[transferId] = Transfer(token, recipient, amount, releasableAtBlock, false);
        emit Relayed(transferId, recipient, token, amount, releasableAtBlock);
    }

    /// @inheritdoc IMockBridge
    function release(bytes32 transferId) external {
        Transfer storage transfer = transfers[transferId];
        if (transfer.releasableAtBlock == 0) revert UnknownTransfer(transferId);
        if (transfer.released) revert AlreadyReleased(transferId);
        if (block.number < transfer.releasableAtBlock) {
            revert TooEarly(transferId, transfer.releasableAtBlock, block.number);
        }
        // Marked before paying out: a token calling back into `release` finds it released.
        transfer.released = true;
        IERC20(transfer.token).safeTransfer(transfer.recipient, transfer.amount);
        emit Released(transferId, transfer.recipient, transfer.token, transfer.amount);
    }

    // ─── Math ───────────────────────────────────────────────────────────────────────────────────

    /// @notice The fee on `amount`: `amount · feeBps_ / 10000`, rounded down (in the sender's favour).
    function bridgeFee(uint256 amount, uint256 feeBps_) public pure returns (uint256) {
        return (amount * feeBps_) / BPS;
    }
}
