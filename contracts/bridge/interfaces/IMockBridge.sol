// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IMockBridge
/// @notice A lock-and-release token bridge between two chains, one contract on each, for teaching.
/// @dev A transfer crosses in three transactions, on two chains:
///      1. on the source chain the sender `lock`s tokens; the bridge keeps the fee and says `Locked`;
///      2. the relayer, an off-chain actor that reads `Locked` events, `relay`s the transfer to the
///         destination chain's bridge, which starts counting `delayBlocks` blocks;
///      3. once they have passed, anyone `release`s it: the bridge pays the recipient out of its own
///         liquidity on that chain.
///      Nothing on chain proves that step 2 matches step 1: the relayer is trusted, as the validators
///      or the multisig of many real bridges are. The delay stands for what real bridges wait for
///      (the source chain's finality, or a challenge window in which a fraud proof could stop it).
interface IMockBridge {
    /// @notice What the destination bridge knows of a relayed transfer.
    struct Transfer {
        address token;
        address recipient;
        /// @dev What the recipient receives: the amount locked minus the fee.
        uint256 amount;
        /// @dev The first block in which `release` succeeds (0: never relayed here).
        uint256 releasableAtBlock;
        bool released;
    }

    /// @notice Only the relayer may relay transfers.
    error NotRelayer(address caller);

    /// @notice Nothing to lock, or nothing left once the fee is taken.
    error ZeroAmount();

    /// @notice The fee asked for at deployment is above the cap.
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /// @notice The transfer was already relayed to this bridge.
    error AlreadyRelayed(bytes32 transferId);

    /// @notice No transfer with this id was relayed to this bridge.
    error UnknownTransfer(bytes32 transferId);

    /// @notice The delay has not passed yet: the transfer can be released from `releasableAtBlock` on.
    error TooEarly(bytes32 transferId, uint256 releasableAtBlock, uint256 blockNumber);

    /// @notice The transfer was already released: a transfer pays out once.
    error AlreadyReleased(bytes32 transferId);

    /// @notice `sender` locked `amount` of `token` for `recipient` on chain `destinationChainId`;
    ///         the bridge kept `fee` of it, and `amount − fee` is what crosses.
    event Locked(
        bytes32 indexed transferId,
        address indexed sender,
        address recipient,
        address token,
        uint256 amount,
        uint256 fee,
        uint256 destinationChainId
    );

    /// @notice The relayer posted a transfer here: `amount` of `token` for `recipient`, from `releasableAtBlock` on.
    event Relayed(
        bytes32 indexed transferId, address indexed recipient, address token, uint256 amount, uint256 releasableAtBlock
    );

    /// @notice The transfer was paid out to `recipient`.
    event Released(bytes32 indexed transferId, address indexed recipient, address token, uint256 amount);

    /// @notice The account allowed to relay transfers to this bridge.
    function relayer() external view returns (address);

    /// @notice Blocks of this chain between a transfer's relay and the first block it can be released in.
    function delayBlocks() external view returns (uint256);

    /// @notice The share of each locked amount the bridge keeps, in basis points (10 = 0.10%).
    function feeBps() external view returns (uint256);

    /// @notice How many transfers were locked here so far (the next transfer's sequence number).
    function lockCount() external view returns (uint256);

    /// @notice A relayed transfer, by id.
    function transfers(bytes32 transferId)
        external
        view
        returns (address token, address recipient, uint256 amount, uint256 releasableAtBlock, bool released);

    /// @notice Locks `amount` of `token` (approved to the bridge first) for `recipient` on chain
    ///         `destinationChainId`; returns the transfer's id and what will cross after the fee.
    function lock(address token, uint256 amount, uint256 destinationChainId, address recipient)
        external
        returns (bytes32 transferId, uint256 amountAfterFee);

    /// @notice Posts a transfer locked on the other chain (relayer only): `amount` of this chain's
    ///         `token` for `recipient`, releasable `delayBlocks` blocks from now.
    function relay(bytes32 transferId, address token, address recipient, uint256 amount) external;

    /// @notice Pays a relayed transfer out to its recipient, once its delay has passed. Anyone may call it.
    function release(bytes32 transferId) external;
}
