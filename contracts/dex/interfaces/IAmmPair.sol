// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IAmmPair
/// @notice A constant-product pool of two tokens whose shares are an ERC-20 (the LP token).
///         Same functions and events as Uniswap V2's pair, so standard tools decode them,
///         with a swap fee in basis points instead of a fixed 0.30%.
/// @dev The pair trusts only its own token balances: callers send tokens first, then call
///      `mint`, `swap` or (after sending LP tokens) `burn`. The router does this safely for users.
interface IAmmPair is IERC20 {
    /// @notice A call re-entered the pair while it was in the middle of another call.
    error Locked();

    /// @notice Only the factory may initialize the pair.
    error Forbidden();

    /// @notice The deposit would mint no LP tokens (or not more than the locked minimum, for the first one).
    error InsufficientLiquidityMinted();

    /// @notice The LP tokens sent back are worth zero of one of the tokens.
    error InsufficientLiquidityBurned();

    /// @notice `swap` was asked for zero of both tokens.
    error InsufficientOutputAmount();

    /// @notice Nothing was paid into the pair during `swap`.
    error InsufficientInputAmount();

    /// @notice `swap` asked for the whole reserve (or more) of a token.
    error InsufficientLiquidity();

    /// @notice `swap` may not send tokens to one of the pair's own tokens.
    error InvalidTo();

    /// @notice The constant product, after the fee, would go down: the swap pays too little.
    error K();

    /// @notice A balance does not fit in the 112 bits of a reserve.
    error Overflow();

    /// @notice `sender` deposited `amount0` and `amount1` and LP tokens were minted.
    event Mint(address indexed sender, uint256 amount0, uint256 amount1);

    /// @notice LP tokens were burned and `amount0`, `amount1` sent to `to`.
    event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to);

    /// @notice A swap paid in `amount0In`/`amount1In` and sent `amount0Out`/`amount1Out` to `to`.
    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );

    /// @notice The reserves were set to these values (after every mint, burn, swap and sync).
    event Sync(uint112 reserve0, uint112 reserve1);

    /// @notice LP tokens locked forever by the first deposit, so that the supply can never return to zero.
    function MINIMUM_LIQUIDITY() external view returns (uint256);

    /// @notice The factory that deployed the pair.
    function factory() external view returns (address);

    /// @notice The token with the smaller address.
    function token0() external view returns (address);

    /// @notice The token with the larger address.
    function token1() external view returns (address);

    /// @notice Swap fee in basis points, copied from the factory when the pair was created.
    function swapFeeBps() external view returns (uint256);

    /// @notice The reserves as of the last update, and that update's block timestamp (mod 2^32).
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

    /// @notice Sum over time of the price of token0 in token1 (UQ112x112 × seconds); wraps around by design.
    function price0CumulativeLast() external view returns (uint256);

    /// @notice Sum over time of the price of token1 in token0 (UQ112x112 × seconds); wraps around by design.
    function price1CumulativeLast() external view returns (uint256);

    /// @notice Mints LP tokens to `to` for the tokens sent to the pair since the last update.
    function mint(address to) external returns (uint256 liquidity);

    /// @notice Burns the LP tokens sent to the pair and sends the matching share of both reserves to `to`.
    function burn(address to) external returns (uint256 amount0, uint256 amount1);

    /// @notice Sends `amount0Out` and `amount1Out` to `to`; if `data` is not empty, calls
    ///         `IAmmCallee(to).uniswapV2Call` (a flash swap); then requires enough to have been paid in.
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;

    /// @notice Sends to `to` whatever the pair holds above its reserves.
    function skim(address to) external;

    /// @notice Sets the reserves to the pair's balances.
    function sync() external;

    /// @notice Sets the two tokens; called once by the factory right after deployment.
    function initialize(address token0, address token1) external;
}
