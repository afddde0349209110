import type { Product } from '../../../src/api/console-api.js';
import { formatMoney } from '../format.js';

export function StockTable({ products }: { products: Product[] }) {
  return (
    <table className="table table-compact stock-table" data-testid="stock-table">
      <thead>
        <tr>
          <th scope="col">SKU</th>
          <th scope="col">Product</th>
          <th scope="col" className="numeric">
            Price
          </th>
          <th scope="col" className="numeric">
            Available
          </th>
          <th scope="col" className="numeric">
            <abbr title="Held by orders in flight">Held</abbr>
          </th>
        </tr>
      </thead>
      <tbody>
        {products.map((product) => (
          <tr key={product.sku}>
            <td className="mono">{product.sku}</td>
            <td>{product.name}</td>
            <td className="numeric">{formatMoney(product.priceCents, product.currency)}</td>
            <td
              className={`numeric ${product.available <= 0 ? 'danger-text' : product.available < 5 ? 'warn-text' : ''}`}
            >
              {product.available}
            </td>
            <td className="numeric">{product.reserved}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
