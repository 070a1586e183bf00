// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IAmmCallee} from "./interfaces/IAmmCallee.sol";
import {IAmmFactory} from "./interfaces/IAmmFactory.sol";
import {IAmmPair} from "./interfaces/IAmmPair.sol";
import {UQ112x112} from "./libraries/UQ112x112.sol";

/// @title AmmPair
/// @notice A Uniswap V2 pair in Solidity 0.8: reserves of two tokens, LP shares as an ERC-20,
///         swaps that keep reserve0 · reserve1 from going down after the fee, and flash swaps.
/// @dev Differences from Uniswap V2: the fee is `swapFeeBps` (copied from the factory) instead of 0.30%,
///      there is no protocol fee, custom errors replace revert strings, and the locked minimum
///      liquidity goes to 0x…dEaD because OpenZeppelin's ERC20 refuses to mint to the zero address.
contract AmmPair is ERC20, IAmmPair {
    using SafeERC20 for IERC20;
    using UQ112x112 for uint224;

    /// @inheritdoc IAmmPair
    uint256 public constant MINIMUM_LIQUIDITY = 10 ** 3;

    /// @notice Holder of the locked `MINIMUM_LIQUIDITY`: nobody has its key.
    address public constant LOCKED_LIQUIDITY_HOLDER = 0x000000000000000000000000000000000000dEaD;

    uint256 private constant BPS = 10_000;

    /// @inheritdoc IAmmPair
    address public immutable factory;
    /// @inheritdoc IAmmPair
    address public token0;
    /// @inheritdoc IAmmPair
    address public token1;
    /// @inheritdoc IAmmPair
    uint256 public swapFeeBps;

    // The three fit in one storage slot, read together by getReserves.
    uint112 private reserve0;
    uint112 private reserve1;
    uint32 private blockTimestampLast;

    /// @inheritdoc IAmmPair
    uint256 public price0CumulativeLast;
    /// @inheritdoc IAmmPair
    uint256 public price1CumulativeLast;

    uint256 private unlocked = 1;

    // Uniswap V2's reentrancy lock: a flash-swap callee cannot call back into the pair.
    modifier lock() {
        if (unlocked != 1) revert Locked();
        unlocked = 0;
        _;
        unlocked = 1;
    }

    // No constructor arguments: the init code is the same for every pair, as CREATE2 addresses expect.
    constructor() ERC20("AMM LP", "AMM-LP") {
        factory = msg.sender;
    }

    /// @notice The LP token's name: the DEX's name followed by "LP", e.g. "UniLike LP".
    function name() public view override returns (string memory) {
        return string.concat(IAmmFactory(factory).name(), " LP");
    }

    /// @inheritdoc IAmmPair
    function initialize(address token0_, address token1_) external {
        if (msg.sender != factory) revert Forbidden();
        token0 = token0_;
        token1 = token1_;
        swapFeeBps = IAmmFactory(factory).swapFeeBps();
    }

    /// @inheritdoc IAmmPair
    function getReserves() public view returns (uint112 reserve0_, uint112 reserve1_, uint32 blockTimestampLast_) {
        return (reserve0, reserve1, blockTimestampLast);
    }

    // ───────────────────────────── liquidity ─────────────────────────────

    /// @inheritdoc IAmmPair
    function mint(address to) external lock returns (uint256 liquidity) {
        (uint112 reserve0_, uint112 reserve1_,) = getReserves();
        (uint256 balance0, uint256 balance1) = _balances();
        uint256 amount0 = balance0 - reserve0_;
        uint256 amount1 = balance1 - reserve1_;
        uint256 supply = totalSupply();
        if (supply == 0) {
            // The first deposit sets the price; its shares are the geometric mean of the amounts,
            // minus a small amount locked forever so one share can never be worth too much to buy.
            uint256 rootK = Math.sqrt(amount0 * amount1);
            if (rootK <= MINIMUM_LIQUIDITY) revert InsufficientLiquidityMinted();
            liquidity = rootK - MINIMUM_LIQUIDITY;
            _mint(LOCKED_LIQUIDITY_HOLDER, MINIMUM_LIQUIDITY);
        } else {
            // Later deposits get shares for the smaller of the two proportions: extra of one token is a gift.
            liquidity = Math.min((amount0 * supply) / reserve0_, (amount1 * supply) / reserve1_);
        }
        if (liquidity == 0) revert InsufficientLiquidityMinted();
        _mint(to, liquidity);
        _update(balance0, balance1, reserve0_, reserve1_);
        emit Mint(msg.sender, amount0, amount1);
    }

    /// @inheritdoc IAmmPair
    function burn(address to) external lock returns (uint256 amount0, uint256 amount1) {
        (uint112 reserve0_, uint112 reserve1_,) = getReserves();
        (uint256 balance0, uint256 balance1) = _balances();
        uint256 liquidity = balanceOf(address(this));
        uint256 supply = totalSupply();
        // Shares of the balances, not the reserves: tokens sent without minting go to LPs too.
        amount0 = (liquidity * balance0) / supply;
        amount1 = (liquidity * balance1) / supply;
        if (amount0 == 0 || amount1 == 0) revert InsufficientLiquidityBurned();
        _burn(address(this), liquidity);
        IERC20(token0).safeTransfer(to, amount0);
        IERC20(token1).safeTransfer(to, amount1);
        (balance0, balance1) = _balances();
        _update(balance0, balance1, reserve0_, reserve1_);
        emit Burn(msg.sender, amount0, amount1, to);
    }

    // ───────────────────────────── swaps ─────────────────────────────

    /// @inheritdoc IAmmPair
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external lock {
        if (amount0Out == 0 && amount1Out == 0) revert InsufficientOutputAmount();
        (uint112 reserve0_, uint112 reserve1_,) = getReserves();
        if (amount0Out >= reserve0_ || amount1Out >= reserve1_) revert InsufficientLiquidity();

        // Optimistic transfer: send first, then check that enough came in (this is what makes flash swaps).
        _sendOut(amount0Out, amount1Out, to);
        if (data.length > 0) IAmmCallee(to).uniswapV2Call(msg.sender, amount0Out, amount1Out, data);
        (uint256 balance0, uint256 balance1) = _balances();

        // Whatever the pair holds above (reserve − out) was paid in during this call.
        uint256 amount0In = balance0 > reserve0_ - amount0Out ? balance0 - (reserve0_ - amount0Out) : 0;
        uint256 amount1In = balance1 > reserve1_ - amount1Out ? balance1 - (reserve1_ - amount1Out) : 0;
        if (amount0In == 0 && amount1In == 0) revert InsufficientInputAmount();
        _checkK(balance0, balance1, amount0In, amount1In, reserve0_, reserve1_);

        _update(balance0, balance1, reserve0_, reserve1_);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// @inheritdoc IAmmPair
    function skim(address to) external lock {
        (uint256 balance0, uint256 balance1) = _balances();
        IERC20(token0).safeTransfer(to, balance0 - reserve0);
        IERC20(token1).safeTransfer(to, balance1 - reserve1);
    }

    /// @inheritdoc IAmmPair
    function sync() external lock {
        (uint256 balance0, uint256 balance1) = _balances();
        _update(balance0, balance1, reserve0, reserve1);
    }

    // ───────────────────────────── internals ─────────────────────────────

    // returns the pair's current balances of token0 and token1
    function _balances() private view returns (uint256 balance0, uint256 balance1) {
        balance0 = IERC20(token0).balanceOf(address(this));
        balance1 = IERC20(token1).balanceOf(address(this));
    }

    // sends a swap's outputs, refusing to send them to one of the pair's own tokens
    function _sendOut(uint256 amount0Out, uint256 amount1Out, address to) private {
        if (to == token0 || to == token1) revert InvalidTo();
        if (amount0Out > 0) IERC20(token0).safeTransfer(to, amount0Out);
        if (amount1Out > 0) IERC20(token1).safeTransfer(to, amount1Out);
    }

    /// @dev The constant-product check with the fee taken from the inputs only, all scaled by BPS:
    ///      (balance0·10000 − amount0In·fee) · (balance1·10000 − amount1In·fee) ≥ reserve0·reserve1·10000².
    ///      Balances are below 2^112, so each factor is below 2^126 and the product cannot overflow.
    function _checkK(
        uint256 balance0,
        uint256 balance1,
        uint256 amount0In,
        uint256 amount1In,
        uint112 reserve0_,
        uint112 reserve1_
    ) private view {
        uint256 balance0Adjusted = balance0 * BPS - amount0In * swapFeeBps;
        uint256 balance1Adjusted = balance1 * BPS - amount1In * swapFeeBps;
        if (balance0Adjusted * balance1Adjusted < uint256(reserve0_) * reserve1_ * BPS ** 2) revert K();
    }

    /// @dev Stores the new reserves and, on the first update of a block, adds the previous reserves'
    ///      prices times the seconds elapsed to the accumulators (TWAP oracles read their differences).
    function _update(uint256 balance0, uint256 balance1, uint112 reserve0_, uint112 reserve1_) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert Overflow();
        uint32 blockTimestamp = uint32(block.timestamp % 2 ** 32);
        // Overflow is desired: the timestamp wraps in 2106 and the accumulators wrap too;
        // readers subtract two observations, which stays right modulo 2^32 and 2^256.
        unchecked {
            uint32 timeElapsed = blockTimestamp - blockTimestampLast;
            if (timeElapsed > 0 && reserve0_ != 0 && reserve1_ != 0) {
                price0CumulativeLast += uint256(UQ112x112.encode(reserve1_).uqdiv(reserve0_)) * timeElapsed;
                price1CumulativeLast += uint256(UQ112x112.encode(reserve0_).uqdiv(reserve1_)) * timeElapsed;
            }
        }
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        blockTimestampLast = blockTimestamp;
        emit Sync(reserve0, reserve1);
    }
}
