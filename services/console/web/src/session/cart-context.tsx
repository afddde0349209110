import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** Quantity per SKU. Kept in memory only: a reload starts with an empty cart. */
export type Cart = ReadonlyMap<string, number>;

interface CartContextValue {
  cart: Cart;
  add(sku: string): void;
  setQuantity(sku: string, quantity: number): void;
  clear(): void;
}

const CartContext = createContext<CartContextValue | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, setCart] = useState<Cart>(new Map());
  const value = useMemo<CartContextValue>(() => {
    const setQuantity = (sku: string, quantity: number) =>
      setCart((previous) => {
        const next = new Map(previous);
        if (quantity > 0) next.set(sku, quantity);
        else next.delete(sku);
        return next;
      });
    return {
      cart,
      add: (sku) => setQuantity(sku, (cart.get(sku) ?? 0) + 1),
      setQuantity,
      clear: () => setCart(new Map()),
    };
  }, [cart]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart outside CartProvider');
  return value;
}
